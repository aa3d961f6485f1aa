package session

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

// sessions is the revocation kind that signs users out: it ends sessions
// and, WithTokens, revokes refresh tokens too.
type sessions struct{ WithTokens bool }

var _ revocation.Kind = sessions{}

func (k sessions) Items() []shared.Kind {
	return []shared.Kind{shared.KindSessions, shared.KindTokens}
}

func (k sessions) Words() revocation.Words {
	listing := "sessions"
	if k.WithTokens {
		listing = "sessions and refresh tokens"
	}
	return revocation.Words{IDs: "session IDs", IDAttr: "session_ids", One: "session", Ended: "ended", ByID: " by session ID",
		Start: "Signing out: revoking ", Done: "Signed out: revoked ", Listing: listing, NotFound: "Sessions Not Found", PartialWhose: true,
		StartUsers: func(users string) string { return "Signing out " + users }}
}

func (k sessions) Start() revocation.Kind { return k }

// List lists a user's sessions and, WithTokens, every refresh token of the
// user: tokens not bound to a session (issued before 2023-09-21) survive a
// session revocation.
func (k sessions) List(ctx context.Context, r revocation.Runner, user string, _ bool) (revocation.Targets, error) {
	var tg revocation.Targets
	list, err := r.Client.ListSessions(ctx, user)
	if err != nil {
		return tg, fmt.Errorf("listing the sessions of user %q: %w", user, err)
	}
	for _, s := range list {
		tg.Add(shared.KindSessions, shared.Target{ID: s.ID, Owner: user})
	}
	if k.WithTokens {
		list, err := r.Client.ListTokens(ctx, auth0api.ListQuery{UserID: user})
		if err != nil {
			return tg, fmt.Errorf("listing the refresh tokens of user %q: %w", user, err)
		}
		for _, t := range list {
			tg.Add(shared.KindTokens, shared.Target{ID: t.ID, Owner: user})
		}
	}
	return tg, nil
}

// Read reads each session once (a 404 is named, not counted); WithTokens,
// the tokens included are those bound to the sessions read.
func (k sessions) Read(ctx context.Context, r revocation.Runner, ids []string) (revocation.Targets, []string, error) {
	tg, notFound, err := revocation.ReadEach(ctx, r, k, ids, func(ctx context.Context, id string) (string, error) {
		s, err := r.Client.GetSession(ctx, id)
		return s.UserID, err
	})
	if err == nil && k.WithTokens {
		err = addBoundTokens(ctx, r.Client, &tg)
	}
	return tg, notFound, err
}

// addBoundTokens lists each owner's tokens once and adds those bound to the
// sessions of tg, noting each one's session.
func addBoundTokens(ctx context.Context, c *auth0api.Client, tg *revocation.Targets) error {
	selected := map[string]bool{}
	var owners []string
	for _, s := range tg.Of[shared.KindSessions] {
		selected[s.ID] = true
		if s.Owner != "" && !slices.Contains(owners, s.Owner) {
			owners = append(owners, s.Owner)
		}
	}
	tg.Bound = map[string]string{}
	for _, owner := range owners {
		list, err := c.ListTokens(ctx, auth0api.ListQuery{UserID: owner})
		if err != nil {
			return fmt.Errorf("listing the refresh tokens of user %q: %w", owner, err)
		}
		for _, t := range list {
			if t.SessionID != nil && selected[*t.SessionID] {
				tg.Add(shared.KindTokens, shared.Target{ID: t.ID, Owner: owner})
				tg.Bound[t.ID] = *t.SessionID
			}
		}
	}
	return nil
}

// Revoke ends a user's sessions and revokes the user's tokens, one call
// each; by ID, each session is revoked with its bound tokens (or deleted alone).
func (k sessions) Revoke(ctx context.Context, r revocation.Runner, sel revocation.Selection, tg revocation.Targets, record func(shared.Kind, []shared.Target)) (gone []string, err error) {
	if !sel.ByID {
		if len(tg.Of[shared.KindSessions]) > 0 {
			if err := r.Client.DeleteUserSessions(ctx, sel.UserID); err != nil {
				return nil, fmt.Errorf("ending the sessions of user %q: %w", sel.UserID, err)
			}
			record(shared.KindSessions, tg.Of[shared.KindSessions])
		}
		if len(tg.Of[shared.KindTokens]) > 0 {
			if err := r.Client.RevokeUserTokens(ctx, sel.UserID); err != nil {
				return nil, fmt.Errorf("revoking the refresh tokens of user %q: %w", sel.UserID, err)
			}
			record(shared.KindTokens, tg.Of[shared.KindTokens])
		}
		return nil, nil
	}
	tokensOf := map[string][]shared.Target{}
	for _, t := range tg.Of[shared.KindTokens] {
		tokensOf[tg.Bound[t.ID]] = append(tokensOf[tg.Bound[t.ID]], t)
	}
	var mu sync.Mutex
	err = shared.ForEach(ctx, tg.Of[shared.KindSessions], r.Progress, "Revoked %s of %s sessions", func(ctx context.Context, s shared.Target) error {
		err := r.Client.EndSession(ctx, s.ID, k.WithTokens)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case auth0api.IsNotFound(err):
			gone = append(gone, s.ID)
		case err != nil:
			return fmt.Errorf("revoking session %q: %w", s.ID, err)
		default:
			record(shared.KindSessions, []shared.Target{s})
			record(shared.KindTokens, tokensOf[s.ID])
		}
		return nil
	})
	slices.Sort(gone)
	return gone, err
}

// Wait waits, within one timeout, until Auth0 lists neither the sessions
// nor the tokens; tokens still unconfirmed when the sessions time out are
// named as not checked.
func (k sessions) Wait(ctx context.Context, r revocation.Runner, w shared.Waiting, _ revocation.Selection, revoked revocation.Targets) error {
	tokens := revoked.Of[shared.KindTokens]
	if err := w.Wait(ctx, shared.SessionItems(r.Client), revoked.Of[shared.KindSessions]); err != nil {
		var pending *shared.PendingError
		if errors.As(err, &pending) && len(tokens) > 0 {
			ids := make([]string, len(tokens))
			for i, t := range tokens {
				ids[i] = t.ID
			}
			pending.Later = map[shared.Kind][]string{shared.KindTokens: shared.UniqueSorted(ids)}
		}
		return err
	}
	return w.Wait(ctx, shared.TokenItems(r.Client, "", ""), tokens)
}

func (k sessions) Hint(context.Context, revocation.Runner, revocation.Selection, int) string {
	return ""
}

func (k sessions) Narrowing() string { return "" }

func (k sessions) Nothing(sel revocation.Selection) string {
	switch {
	case sel.ByID && len(sel.IDs) == 0:
		return "session_ids is empty"
	case sel.ByID:
		return "none of the given sessions exist"
	case k.WithTokens:
		return "user " + sel.UserID + " has no sessions and no refresh tokens"
	}
	return "user " + sel.UserID + " has no sessions"
}

func (k sessions) Report(m map[string]any) { m["include_refresh_tokens"] = k.WithTokens }

func (k sessions) DebugFields(tg revocation.Targets) map[string]any {
	return map[string]any{"sessions": len(tg.Of[shared.KindSessions]), "tokens": len(tg.Of[shared.KindTokens])}
}
