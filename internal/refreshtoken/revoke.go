package refreshtoken

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/revocation"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

// tokens is the revocation kind of refresh tokens, optionally narrowed to
// one client's (and one audience's).
type tokens struct {
	ClientID, Audience string
	// held is what a many-user run's filter was tried against, for a hint.
	held *holdings
}

var _ revocation.Kind = tokens{}

func (k tokens) Items() []shared.Kind { return []shared.Kind{shared.KindTokens} }

func (k tokens) Words() revocation.Words {
	return revocation.Words{IDs: "token IDs", IDAttr: "token_ids", One: "token", Ended: "revoked", ByID: " by ID",
		Start: "Revoking ", Done: "Revoked ", Listing: "refresh tokens", NotFound: "Refresh Tokens Not Found", DryRunIDs: true,
		StartUsers: func(users string) string { return "Revoking the refresh tokens of " + users }}
}

func (k tokens) Start() revocation.Kind {
	k.held = &holdings{}
	return k
}

func (k tokens) filtered() bool { return k.ClientID != "" || k.Audience != "" }

func (k tokens) query(user string) auth0api.ListQuery {
	return auth0api.ListQuery{UserID: user, ClientID: k.ClientID, Audience: k.Audience}
}

// List lists a user's tokens the filter matches. In a many-user run with a
// filter, each user's tokens are listed whole and filtered here: what they
// hold names the clients and audiences when the filter matches nothing, for
// no more requests than a filtered listing.
func (k tokens) List(ctx context.Context, r revocation.Runner, user string, many bool) (revocation.Targets, error) {
	var tg revocation.Targets
	q, local := k.query(user), many && k.filtered()
	if local {
		q = auth0api.ListQuery{UserID: user}
	}
	list, err := r.Client.ListTokens(ctx, q)
	if err != nil {
		return tg, fmt.Errorf("listing the refresh tokens of user %q: %w", user, err)
	}
	tg.Add(shared.KindTokens)
	for _, t := range list {
		if local {
			k.held.add(t)
			if (k.ClientID != "" && t.ClientID != k.ClientID) || (k.Audience != "" && !t.HasAudience(k.Audience)) {
				continue
			}
		}
		tg.Add(shared.KindTokens, shared.Target{ID: t.ID, Owner: user})
	}
	if local {
		k.held.matches(len(tg.Of[shared.KindTokens]))
	}
	return tg, nil
}

// Read reads each token once: a 404 is named rather than counted as
// revoked, and each token's user is learned for a cheap wait.
func (k tokens) Read(ctx context.Context, r revocation.Runner, ids []string) (revocation.Targets, []string, error) {
	tg, notFound, err := revocation.ReadEach(ctx, r, k, ids, func(ctx context.Context, id string) (string, error) {
		tok, err := r.Client.GetToken(ctx, id)
		return tok.UserID, err
	})
	if err != nil {
		return revocation.Targets{}, notFound, err
	}
	return tg, notFound, nil
}

// Revoke sends the cheapest correct revocation: the GA call for all of a
// user's tokens, a bulk revocation for one client's, by ID in chunks.
func (k tokens) Revoke(ctx context.Context, r revocation.Runner, sel revocation.Selection, tg revocation.Targets, record func(shared.Kind, []shared.Target)) ([]string, error) {
	targets := tg.Of[shared.KindTokens]
	ids := make([]string, len(targets))
	for i, t := range targets {
		ids[i] = t.ID
	}
	var res sent
	var err error
	switch {
	case sel.ByID:
		res, err = revokeIDs(ctx, r, ids)
	case k.ClientID == "":
		// GA, one call for all of the user's tokens.
		if err = r.Client.RevokeUserTokens(ctx, sel.UserID); err != nil {
			err = fmt.Errorf("revoking the refresh tokens of user %q: %w", sel.UserID, err)
		} else {
			res.accepted = ids
		}
	default:
		res, _, err = bulkOrEach(ctx, r, auth0api.RevokeRequest{UserID: sel.UserID, ClientID: k.ClientID, Audience: k.Audience}, ids, ids)
		if err != nil {
			err = fmt.Errorf("revoking the selected refresh tokens of user %q: %w", sel.UserID, err)
		}
	}
	record(shared.KindTokens, shared.Only(targets, res.accepted))
	if err == nil && len(res.gone) > 0 {
		r.Progress(fmt.Sprintf("%s no longer existed when revoked: %s", shared.KindTokens.Count(len(res.gone)), shared.ListIDs(res.gone)))
	}
	return res.gone, err
}

// Wait waits until Auth0 no longer lists the revoked tokens (listing only
// the filtered ones of a user, when a filter narrowed the selection).
func (k tokens) Wait(ctx context.Context, r revocation.Runner, w shared.Waiting, sel revocation.Selection, revoked revocation.Targets) error {
	items := shared.TokenItems(r.Client, "", "")
	if !sel.ByID {
		items = shared.TokenItems(r.Client, k.ClientID, k.Audience)
	}
	return w.Wait(ctx, items, revoked.Of[shared.KindTokens])
}

// Hint says what the users' tokens have when the filter matched none of
// them; for one user it costs one more listing.
func (k tokens) Hint(ctx context.Context, r revocation.Runner, sel revocation.Selection, users int) string {
	if sel.ByUsers {
		return k.held.hint("the "+shared.Count(users, "selected user", "selected users"), k.query(""))
	}
	return filterHint(ctx, r.Client, k.query(sel.UserID))
}

func (k tokens) Narrowing() string {
	d := ""
	if k.ClientID != "" {
		d += " for client " + k.ClientID
	}
	if k.Audience != "" {
		d += " and audience " + k.Audience
	}
	return d
}

func (k tokens) Nothing(sel revocation.Selection) string {
	switch {
	case sel.ByID && len(sel.IDs) == 0:
		return "token_ids is empty"
	case sel.ByID:
		return "none of the given token IDs exist"
	}
	return "no " + sel.What() + " exist"
}

func (k tokens) Report(m map[string]any) {
	if k.ClientID != "" {
		m["client_id"] = k.ClientID
	}
	if k.Audience != "" {
		m["audience"] = k.Audience
	}
}

func (k tokens) DebugFields(tg revocation.Targets) map[string]any {
	ids := make([]string, 0, len(tg.Of[shared.KindTokens]))
	for _, t := range tg.Of[shared.KindTokens] {
		ids = append(ids, t.ID)
	}
	return map[string]any{"ids": ids}
}

// sent is what Auth0 answered a revocation: the IDs it accepted, and those
// a one-by-one DELETE found missing. On an error, accepted still holds what
// was accepted before it, so a partial revocation is counted.
type sent struct{ accepted, gone []string }

// bulkOrEach sends one bulk revoke of ids; when the tenant has no bulk
// endpoint it revokes fallbackIDs (ids and any after them) one by one
// instead, and says so. fellBack reports the switch.
func bulkOrEach(ctx context.Context, r revocation.Runner, req auth0api.RevokeRequest, ids, fallbackIDs []string) (res sent, fellBack bool, err error) {
	err = r.Client.RevokeBulk(ctx, req)
	if !errors.Is(err, auth0api.ErrEarlyAccessUnavailable) {
		if err == nil {
			res.accepted = ids
		}
		return res, false, err
	}
	r.Say("Bulk revocation is not available on this tenant: revoking one by one")
	res, err = revokeEach(ctx, r, fallbackIDs)
	return res, true, err
}

// revokeIDs revokes by ID in chunks of 100, falling back to one DELETE per
// token (for this chunk and all after it) when the tenant has no bulk endpoint.
func revokeIDs(ctx context.Context, r revocation.Runner, ids []string) (sent, error) {
	var res sent
	chunks := (len(ids) + auth0api.MaxRevokeIDs - 1) / auth0api.MaxRevokeIDs
	for i := 0; i < chunks; i++ {
		chunk := ids[i*auth0api.MaxRevokeIDs : min((i+1)*auth0api.MaxRevokeIDs, len(ids))]
		got, fellBack, err := bulkOrEach(ctx, r, auth0api.RevokeRequest{IDs: chunk}, chunk, ids[i*auth0api.MaxRevokeIDs:])
		res.accepted, res.gone = append(res.accepted, got.accepted...), append(res.gone, got.gone...)
		if err != nil {
			return res, fmt.Errorf("revoking refresh tokens by ID (chunk %d of %d): %w", i+1, chunks, err)
		}
		if fellBack {
			return res, nil // every remaining ID was revoked one by one
		}
		if chunks > 1 {
			r.Progress(fmt.Sprintf("Sent chunk %d of %d (%s)", i+1, chunks, shared.KindTokens.Count(len(chunk))))
		}
	}
	return res, nil
}

// revokeEach deletes tokens one by one with bounded concurrency.
func revokeEach(ctx context.Context, r revocation.Runner, ids []string) (sent, error) {
	var mu sync.Mutex
	var res sent
	err := shared.ForEach(ctx, ids, r.Progress, "Revoked %s of %s one by one", func(ctx context.Context, id string) error {
		err := r.Client.RevokeToken(ctx, id)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case auth0api.IsNotFound(err):
			res.gone = append(res.gone, id)
		case err != nil:
			return fmt.Errorf("revoking refresh token %q: %w", id, err)
		default:
			res.accepted = append(res.accepted, id)
		}
		return nil
	})
	slices.Sort(res.accepted)
	slices.Sort(res.gone)
	return res, err
}
