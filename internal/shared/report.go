package shared

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
)

// Report is the JSON record of one revocation run (report_file): what was
// selected, what was revoked for whom, and what was still listed when the
// wait ended. It holds user and object IDs, never credentials or device data.
type Report struct {
	FormatVersion   int            `json:"format_version"`
	Type            string         `json:"type"`
	DryRun          bool           `json:"dry_run"`
	Status          string         `json:"status"` // succeeded, failed, not_confirmed, interrupted
	StartedAt       string         `json:"started_at"`
	FinishedAt      string         `json:"finished_at"`
	ProviderVersion string         `json:"provider_version"`
	Domain          string         `json:"domain"`
	Selection       map[string]any `json:"selection"`
	Users           []ReportUser   `json:"users"`
	IDsNotFound     []string       `json:"ids_not_found"`
	Remaining       ReportIDs      `json:"remaining"`
	Totals          ReportTotals   `json:"totals"`
	Error           string         `json:"error,omitempty"`
}

// ReportUser is what the run did for one user.
type ReportUser struct {
	UserID          string   `json:"user_id"`
	Outcome         string   `json:"outcome"` // revoked, would_revoke, nothing, not_found, failed, interrupted, not_started
	RefreshTokenIDs []string `json:"refresh_token_ids"`
	SessionIDs      []string `json:"session_ids"`
	Error           string   `json:"error,omitempty"`
}

// ReportIDs are IDs by kind.
type ReportIDs struct {
	RefreshTokenIDs []string `json:"refresh_token_ids"`
	SessionIDs      []string `json:"session_ids"`
}

// ReportTotals add up the users.
type ReportTotals struct {
	Users         int `json:"users"`
	RefreshTokens int `json:"refresh_tokens"`
	Sessions      int `json:"sessions"`
	FailedUsers   int `json:"failed_users"`
	NotFoundUsers int `json:"not_found_users"`
	// Users the run stopped in the middle of, and users it never reached.
	InterruptedUsers int `json:"interrupted_users"`
	NotStartedUsers  int `json:"not_started_users"`
}

// RunResult is what a report is made from: the engine's record and error.
type RunResult struct {
	Type      string
	DryRun    bool
	Started   time.Time
	Domain    string
	Version   string
	Selection map[string]any
	Record    *UsersRun // nil when the run stopped before selecting anyone
	NotFound  []string
	Err       error
	// Failed says the run is reported as failed although it returned no
	// error (some users failed).
	Failed bool
}

// NewReport builds the report of a finished run.
func NewReport(r RunResult) Report {
	status := runStatus(r.Err)
	if status == "succeeded" && r.Failed {
		status = "failed"
	}
	rep := Report{FormatVersion: 1, Type: r.Type, DryRun: r.DryRun, Status: status,
		StartedAt: r.Started.UTC().Format(time.RFC3339), FinishedAt: time.Now().UTC().Format(time.RFC3339),
		ProviderVersion: r.Version, Domain: r.Domain, Selection: r.Selection, Users: []ReportUser{},
		IDsNotFound: nonNil(r.NotFound), Remaining: ReportIDs{RefreshTokenIDs: []string{}, SessionIDs: []string{}}}
	if r.Err != nil {
		rep.Error = r.Err.Error()
	}
	if r.Record != nil {
		for _, rec := range r.Record.Records() {
			u := ReportUser{UserID: rec.UserID, RefreshTokenIDs: nonNil(rec.Revoked[KindTokens]), SessionIDs: nonNil(rec.Revoked[KindSessions])}
			done := len(u.RefreshTokenIDs)+len(u.SessionIDs) > 0
			switch {
			case !rec.Started:
				u.Outcome = "not_started"
				rep.Totals.NotStartedUsers++
			case rec.Err != nil && Reason(rec.Err) == "not found":
				u.Outcome, u.Error = "not_found", rec.Err.Error()
				rep.Totals.NotFoundUsers++
			case rec.Err != nil && Reason(rec.Err) == "canceled":
				u.Outcome, u.Error = "interrupted", rec.Err.Error()
				rep.Totals.InterruptedUsers++
			case rec.Err != nil:
				u.Outcome, u.Error = "failed", rec.Err.Error()
				rep.Totals.FailedUsers++
			case done && r.DryRun:
				u.Outcome = "would_revoke"
			case done:
				u.Outcome = "revoked"
			default:
				u.Outcome = "nothing"
			}
			rep.Totals.RefreshTokens += len(u.RefreshTokenIDs)
			rep.Totals.Sessions += len(u.SessionIDs)
			rep.Users = append(rep.Users, u)
		}
	}
	rep.Totals.Users = len(rep.Users)
	if rep.Status == "succeeded" && rep.Totals.FailedUsers > 0 {
		rep.Status = "failed"
	}
	if rep.Error == "" && rep.Status == "failed" && r.Record != nil {
		f := r.Record.Failures()
		maps.DeleteFunc(f, func(_ string, err error) bool { return Reason(err) == "not found" || Reason(err) == "canceled" })
		if len(f) > 0 {
			rep.Error = Count(len(f), "user", "users") + " failed: " + f.Describe()
		}
	}
	var pending *PendingError
	if errors.As(r.Err, &pending) {
		for kind, ids := range pending.Unconfirmed() {
			switch kind {
			case KindTokens:
				rep.Remaining.RefreshTokenIDs = ids
			case KindSessions:
				rep.Remaining.SessionIDs = ids
			}
		}
	}
	return rep
}

func nonNil(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

// runStatus sorts a run's end: succeeded, not_confirmed (accepted, still
// listed when the wait ended), interrupted, or failed.
func runStatus(err error) string {
	var pending *PendingError
	switch {
	case err == nil:
		return "succeeded"
	case errors.Is(err, context.Canceled):
		return "interrupted"
	case errors.As(err, &pending):
		if pending.Canceled() {
			return "interrupted"
		}
		return "not_confirmed"
	}
	return "failed"
}

// WriteReport writes the report to file durably and atomically (a
// temporary file in the same folder, synced, renamed over file, then the
// folder synced), readable by its owner only: it holds user IDs. A report
// already at file, an earlier run's record, is kept beside it first, named
// by its start time; kept is that name ("" when there was none). Any other
// file is never replaced. A relative file resolves against Terraform's
// working directory.
func WriteReport(file string, rep Report) (kept string, err error) {
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return "", err
	}
	if kept, err = keepEarlierReport(file); err != nil {
		return "", err
	}
	dir := filepath.Dir(file)
	tmp, err := os.CreateTemp(dir, ".auth0tokens-report-*")
	if err != nil {
		return kept, err
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // gone after the rename; cleans up after a failure
	if err := tmp.Chmod(0o600); err != nil {
		_ = tmp.Close()
		return kept, err
	}
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		_ = tmp.Close()
		return kept, err
	}
	if err := tmp.Sync(); err != nil {
		_ = tmp.Close()
		return kept, err
	}
	if err := tmp.Close(); err != nil {
		return kept, err
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return kept, err
	}
	return kept, syncDir(dir)
}

// syncDir makes a rename in dir survive a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer func() { _ = d.Close() }()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err // some platforms cannot sync a folder: nothing more to do there
	}
	return nil
}

// errNotAReport refuses to replace a file that is not a run report.
var errNotAReport = errors.New("is not a run report of this provider, and is never replaced")

// reportHeader is what tells a run report of this provider from any other file.
type reportHeader struct {
	FormatVersion int    `json:"format_version"`
	Type          string `json:"type"`
	StartedAt     string `json:"started_at"`
}

// existingReport reads what is at file: exists says whether anything is;
// errNotAReport that it is not a report of this provider.
func existingReport(file string) (h reportHeader, exists bool, err error) {
	data, err := os.ReadFile(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return h, false, nil
	case err != nil:
		return h, true, err
	}
	if json.Unmarshal(data, &h) != nil || h.FormatVersion < 1 || !strings.HasPrefix(h.Type, "auth0tokens_") {
		return h, true, errNotAReport
	}
	return h, true, nil
}

// keepEarlierReport gives the report at file a second name beside it,
// report.20261201T090000Z.json (its start time; -2, -3, ... if taken), so
// that writing the new report over file loses nothing. It returns that name.
func keepEarlierReport(file string) (string, error) {
	h, exists, err := existingReport(file)
	if !exists || err != nil {
		if errors.Is(err, errNotAReport) {
			err = fmt.Errorf("%q %w", file, err)
		}
		return "", err
	}
	stamp := "earlier"
	if t, err := time.Parse(time.RFC3339, h.StartedAt); err == nil {
		stamp = t.UTC().Format("20060102T150405Z")
	}
	ext := filepath.Ext(file)
	base := strings.TrimSuffix(file, ext)
	for n := 1; ; n++ {
		name := base + "." + stamp + ext
		if n > 1 {
			name = fmt.Sprintf("%s.%s-%d%s", base, stamp, n, ext)
		}
		// A hard link keeps the file as it is (mode 0600 included) and never
		// replaces one already there.
		err := os.Link(file, name)
		switch {
		case err == nil:
			return name, syncDir(filepath.Dir(file))
		case errors.Is(err, fs.ErrExist):
			continue
		}
		return name, copyNew(file, name)
	}
}

// copyNew copies file to name, a file that must not exist yet, for a
// filesystem without hard links.
func copyNew(file, name string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return syncDir(filepath.Dir(file))
}

// AddReport writes the report when file is set; a failure to write it is an
// error of its own, and keeping an earlier report beside it is said.
func AddReport(diags *diag.Diagnostics, file string, r RunResult) {
	if file == "" {
		return
	}
	rep := NewReport(r)
	kept, err := WriteReport(file, rep)
	if err != nil {
		diags.AddError("Run Report Not Written", fmt.Sprintf(
			"The report of this run could not be written to %q: %v. The revocation itself is not affected; check that the folder exists "+
				"and is writable, and that report_file names a report of this provider or a new file.", file, err))
		return
	}
	if kept != "" {
		diags.AddWarning("Earlier Run Report Kept", fmt.Sprintf(
			"%q held the report of an earlier run; it is kept as %q, and this run's report (started %s) is in %q.", file, kept, rep.StartedAt, file))
	}
}

// CheckReportPath says, before anything is revoked, why file could not be
// written: its folder is missing or not writable, it is a folder, or it is
// a file other than a run report of this provider.
func CheckReportPath(file string) error {
	if file == "" {
		return nil
	}
	if info, err := os.Stat(file); err == nil && info.IsDir() {
		return fmt.Errorf("%q is a folder; give a file name in it", file)
	}
	dir := filepath.Dir(file)
	info, err := os.Stat(dir)
	switch {
	case err != nil:
		return fmt.Errorf("the folder %q does not exist (a \"~\" is not expanded: use pathexpand(\"~/...\"))", dir)
	case !info.IsDir():
		return fmt.Errorf("%q is not a folder", dir)
	}
	if _, _, err := existingReport(file); errors.Is(err, errNotAReport) {
		return fmt.Errorf("%q already exists and %w: choose a file name of its own for the report", file, err)
	} else if err != nil {
		return fmt.Errorf("%q cannot be read: %w", file, err)
	}
	probe, err := os.CreateTemp(dir, ".auth0tokens-report-*")
	if err != nil {
		return fmt.Errorf("the folder %q is not writable: %w", dir, err)
	}
	_ = probe.Close()
	return os.Remove(probe.Name())
}

// AddReportPathError reports an unwritable report_file before the run, so
// that no revocation happens without its record. It reports whether the path is fine.
func AddReportPathError(diags *diag.Diagnostics, file string) bool {
	return addReportPathError(diags, file, "fix report_file (a relative path resolves against the working directory the CLI runs in) and run again.")
}

// AddReportPathErrorAtDestroy is AddReportPathError for a destroy, which
// reads report_file from state: a fix in the configuration alone is not seen.
func AddReportPathErrorAtDestroy(diags *diag.Diagnostics, file string) bool {
	return addReportPathError(diags, file, "the resource is not destroyed. Destroy uses the value in state, so a fix in the configuration "+
		"alone is not seen: create the folder (or move the file away), or fix report_file in the configuration and apply it, "+
		"which stores it, before destroying again.")
}

func addReportPathError(diags *diag.Diagnostics, file, then string) bool {
	if err := CheckReportPath(file); err != nil {
		diags.AddAttributeError(path.Root("report_file"), "Report File Cannot Be Written",
			fmt.Sprintf("The run report cannot be written: %v. Nothing was revoked: %s", err, then))
		return false
	}
	return true
}

// Attributes a revocation resource's report check reads.
var (
	pathReportFile      = path.Root("report_file")
	pathRevokeOnCreate  = path.Root("revoke_on_create")
	pathRevokeOnDestroy = path.Root("revoke_on_destroy")
)

// CheckReportAtPlan checks a revocation resource's report_file at plan,
// when it is known and the resource is created or the value changes: a
// resource that revokes only at destroy would otherwise find it unwritable
// at teardown, when the value in state can no longer be fixed by a plan.
func CheckReportAtPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	checkReportChange(ctx, req.Plan, req.State, !req.State.Raw.IsNull(), &resp.Diagnostics)
}

// CheckReportAtUpdate checks a changed report_file again at apply (a value
// unknown at plan is known now).
func CheckReportAtUpdate(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	checkReportChange(ctx, req.Plan, req.State, true, &resp.Diagnostics)
}

func checkReportChange(ctx context.Context, plan tfsdk.Plan, state tfsdk.State, existing bool, diags *diag.Diagnostics) {
	var file, prior types.String
	var onCreate, onDestroy types.Bool
	diags.Append(plan.GetAttribute(ctx, pathReportFile, &file)...)
	diags.Append(plan.GetAttribute(ctx, pathRevokeOnCreate, &onCreate)...)
	diags.Append(plan.GetAttribute(ctx, pathRevokeOnDestroy, &onDestroy)...)
	if existing {
		diags.Append(state.GetAttribute(ctx, pathReportFile, &prior)...)
	}
	// Only a revocation to come writes the file: at create, or at destroy.
	revokes := onDestroy.ValueBool() || (!existing && (onCreate.IsUnknown() || onCreate.ValueBool()))
	if diags.HasError() || !revokes || file.IsNull() || file.IsUnknown() || (existing && file.Equal(prior)) {
		return
	}
	AddReportPathError(diags, file.ValueString())
}

// RunOutcome is what every area's revocation outcome holds besides its
// counts: what the report is made of.
type RunOutcome struct {
	// NotFound are IDs the tenant said do not exist: mistyped, or already
	// revoked, ended or expired.
	NotFound []string
	// Failed are the users (of a many-user run) that could not be handled.
	Failed UserFailures
	// Users are the users a user selector found (when one was used).
	Users []string
	// DryRun says nothing was revoked: the counts are what would have been.
	DryRun bool
	// Record is what was revoked (or, DryRun, would be), user by user.
	Record *UsersRun
}

// Report writes the run's report to file, when one is configured.
// selection is the selection as configured.
func (o RunOutcome) Report(diags *diag.Diagnostics, file, typeName string, c *auth0api.Client, selection map[string]any, dryRun bool, err error, start time.Time) {
	AddReport(diags, file, RunResult{Type: typeName, DryRun: dryRun, Started: start, Domain: c.Domain, Version: c.ProviderVersion,
		Selection: selection, Record: o.Record, NotFound: o.NotFound, Err: err, Failed: diags.HasError()})
}
