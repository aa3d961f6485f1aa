package auth0api

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/auth0/go-auth0/v3/management"
)

// Scopes the user selectors need.
const (
	ScopeReadUsers       = "read:users"
	ScopeReadConnections = "read:connections"
)

// SearchLimit is how many results Auth0's user search can page through.
const SearchLimit = 1000

// SearchTooBroadError says a search matched more users than search can
// return: acting on the first 1,000 would silently miss the rest.
type SearchTooBroadError struct {
	Query string
	Total int // as Auth0 reported it (itself possibly capped at 1,000)
}

func (e *SearchTooBroadError) Error() string {
	return fmt.Sprintf("the user search %q matches %d or more users; Auth0's search returns only the first %d", e.Query, e.Total, SearchLimit)
}

// SearchUsers calls visit with the ID of each user matching the Lucene query
// (search engine v3), a page of 100 at a time. It refuses, before visiting
// anyone, a query whose total reaches SearchLimit.
func (c *Client) SearchUsers(ctx context.Context, query string, visit func(userID string)) error {
	seen := 0
	for page := 0; ; page++ {
		resp, err := c.mgmt.Users.List(ctx, &management.ListUsersRequestParameters{
			Q: &query, SearchEngine: ptr(management.SearchEngineVersionsEnumV3), Page: ptr(page), PerPage: ptr(PageSize),
			IncludeTotals: ptr(true), Fields: ptr("user_id"), IncludeFields: ptr(true),
		})
		if err != nil {
			return classify(err, ScopeReadUsers)
		}
		total := int(resp.Response.GetTotal())
		if total >= SearchLimit {
			return &SearchTooBroadError{Query: query, Total: total}
		}
		for _, u := range resp.Results {
			if id := u.GetUserID(); id != "" {
				visit(id)
				seen++
			}
		}
		if len(resp.Results) == 0 || seen >= total || (page+1)*PageSize >= total {
			return nil
		}
	}
}

// ConnectionNotFoundError names a connection the tenant does not have.
type ConnectionNotFoundError struct{ Name string }

func (e *ConnectionNotFoundError) Error() string {
	return fmt.Sprintf("the tenant has no connection named %q", e.Name)
}

// ConnectionID returns the ID of the connection with this name.
func (c *Client) ConnectionID(ctx context.Context, name string) (string, error) {
	if err := checkID("connection name", name); err != nil {
		return "", err
	}
	page, err := c.mgmt.Connections.List(ctx, &management.ListConnectionsQueryParameters{
		Name: &name, Take: ptr(1), Fields: ptr("id,name"), IncludeFields: ptr(true),
	})
	if err != nil {
		return "", classify(err, ScopeReadConnections)
	}
	for _, conn := range page.Results {
		if conn.GetName() == name && conn.GetID() != "" {
			return conn.GetID(), nil
		}
	}
	return "", &ConnectionNotFoundError{Name: name}
}

// ExportJob is a users-export job as last seen.
type ExportJob struct {
	ID              string
	Status          string // pending, processing, completed, failed
	PercentageDone  int
	TimeLeftSeconds int
	Location        string // completed: a pre-signed link, valid for a minute
	StatusDetails   string // failed: why
}

// ExportFailedError is a users-export job the tenant gave up on.
type ExportFailedError struct{ JobID, Details string }

func (e *ExportFailedError) Error() string {
	return fmt.Sprintf("users-export job %s failed: %s", e.JobID, e.Details)
}

// StartUsersExport starts a job exporting the user ID of every user of the
// connection (every user of the tenant when connectionID is "").
func (c *Client) StartUsersExport(ctx context.Context, connectionID string) (ExportJob, error) {
	req := &management.CreateExportUsersRequestContent{
		Format: ptr(management.JobFileFormatEnumJSON),
		Fields: []*management.CreateExportUsersFields{{Name: "user_id"}},
	}
	if connectionID != "" {
		req.ConnectionID = &connectionID
	}
	job, err := c.mgmt.Jobs.UsersExports.Create(ctx, req)
	if err != nil {
		return ExportJob{}, classify(err, ScopeReadUsers)
	}
	return ExportJob{ID: job.GetID(), Status: job.GetStatus()}, nil
}

// ExportJob reads a job's state; a completed job's Location is fresh.
func (c *Client) ExportJob(ctx context.Context, id string) (ExportJob, error) {
	if err := checkID("job ID", id); err != nil {
		return ExportJob{}, err
	}
	job, err := c.mgmt.Jobs.Get(ctx, id)
	if err != nil {
		return ExportJob{}, classify(err, ScopeReadUsers)
	}
	return ExportJob{ID: job.GetID(), Status: job.GetStatus(), PercentageDone: job.GetPercentageDone(),
		TimeLeftSeconds: job.GetTimeLeftSeconds(), Location: job.GetLocation(), StatusDetails: job.GetStatusDetails()}, nil
}

// ErrLinkExpired says a pre-signed export link was refused: it is valid for
// a minute; reading the job again gives a fresh one.
var ErrLinkExpired = errors.New("the export's download link has expired")

// ReadExport streams the file a completed export job left at location: NDJSON
// ({"user_id": "..."} a line), gzip-compressed or not, calling visit for each
// user ID. The link is pre-signed and on another host: it is fetched over
// HTTPS only and without the Management API's Authorization header, which
// must never leave for another host (storage refuses a request with one).
func (c *Client) ReadExport(ctx context.Context, location string, visit func(userID string)) error {
	u, err := url.Parse(location)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("the export's download link is not an HTTPS URL; refusing to fetch it")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, location, nil)
	if err != nil {
		return err
	}
	resp, err := c.download.Do(req)
	if err != nil {
		return classify(err, "")
	}
	defer func() { _ = resp.Body.Close() }()
	switch {
	case resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusGone:
		return ErrLinkExpired
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("downloading the export: HTTP %d", resp.StatusCode)
	}
	return readUserIDs(resp.Body, visit)
}

// readUserIDs reads NDJSON user records, gzip-compressed or not, streaming.
func readUserIDs(r io.Reader, visit func(userID string)) error {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("reading the export: %w", err)
		}
		defer func() { _ = gz.Close() }()
		br = bufio.NewReader(gz)
	}
	dec := json.NewDecoder(br)
	for line := 1; ; line++ {
		var rec struct {
			UserID string `json:"user_id"`
		}
		err := dec.Decode(&rec)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading the export, record %d: %w", line, err)
		}
		if rec.UserID != "" {
			visit(rec.UserID)
		}
	}
}

// ExportPoll bounds how often a job is read while it runs.
var ExportPoll = struct{ First, Max time.Duration }{First: time.Second, Max: 5 * time.Second}
