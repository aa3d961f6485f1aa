// Package revocation is the one revocation engine: a run selects users (or
// IDs), lists what each holds, narrows it, revokes it, waits for Auth0 to stop
// listing it, records it and reports it. What it revokes, and how, is a Kind:
// refresh tokens (internal/refreshtoken) or sessions with their bound refresh
// tokens (internal/session). The action and the managed resource every kind
// is offered as are written once here too (Action, Resource).
package revocation

import (
	"context"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

// Kind is what a run revokes and how: the API calls, the narrowing and the
// words that differ between refresh tokens and sessions. A Kind value carries
// its own settings (a client filter, whether bound tokens go too); Start gives
// the value one run uses.
type Kind interface {
	// Items are what it revokes, by noun: its own first (what revoked_count
	// counts), then what goes with it (a session's refresh tokens).
	Items() []shared.Kind
	// Words are its sentences' words.
	Words() Words
	// Start returns the kind for one run, with fresh per-run state.
	Start() Kind
	// List finds what user holds that the run revokes, narrowed. many says a
	// many-user run is listing (List may note what the user holds, for Hint).
	List(ctx context.Context, r Runner, user string, many bool) (Targets, error)
	// Read reads each ID once: what exists (with its owner), and the IDs
	// that do not, sorted.
	Read(ctx context.Context, r Runner, ids []string) (Targets, []string, error)
	// Revoke sends the revocation of tg, one user's (sel.UserID) or by ID,
	// telling record what Auth0 accepted as it goes, also before an error;
	// gone are IDs Auth0 answered 404 for.
	Revoke(ctx context.Context, r Runner, sel Selection, tg Targets, record func(shared.Kind, []shared.Target)) (gone []string, err error)
	// Wait waits until Auth0 no longer lists what was revoked.
	Wait(ctx context.Context, r Runner, w shared.Waiting, sel Selection, revoked Targets) error
	// Hint says, when the narrowing matched nothing, what the users hold
	// ("" when there is nothing to say). users counts a many-user run's users.
	Hint(ctx context.Context, r Runner, sel Selection, users int) string
	// Narrowing ends a description: " for client web" ("" for none).
	Narrowing() string
	// Nothing says why a one-user or by-ID run has nothing to revoke.
	Nothing(sel Selection) string
	// Report adds the kind's settings to the report's selection.
	Report(m map[string]any)
	// DebugFields are what the debug log says is being revoked.
	DebugFields(tg Targets) map[string]any
}

// Words are a kind's words in progress lines and diagnostics.
type Words struct {
	IDs          string // "token IDs": a list of its IDs
	IDAttr       string // "token_ids": the attribute that selects by ID
	One          string // "token": one of them, in sentences
	Ended        string // "revoked": what has happened to one that is gone
	ByID         string // " by ID": ends a description of a by-ID run
	Start        string // "Revoking ": starts the line of a one-user or by-ID run
	Done         string // "Revoked ": starts the line of a run that has finished waiting
	Listing      string // "refresh tokens": what a many-user dry run lists
	NotFound     string // "Refresh Tokens Not Found": the summary for IDs that do not exist
	StartUsers   func(users string) string
	DryRunIDs    bool // a one-user dry run names the IDs on its line, rather than user by user
	PartialWhose bool // a partial failure says whose items had been revoked, not only how many
}

// Targets are what a run revokes of one user or of an ID list, by item.
type Targets struct {
	Of map[shared.Kind][]shared.Target
	// Bound maps an item revoked with another to that other's ID: a
	// refresh token to the session it is bound to.
	Bound map[string]string
}

// Total counts the targets of every item.
func (tg Targets) Total() int {
	n := 0
	for _, t := range tg.Of {
		n += len(t)
	}
	return n
}

// Add appends targets of an item.
func (tg *Targets) Add(item shared.Kind, t ...shared.Target) {
	if tg.Of == nil {
		tg.Of = map[shared.Kind][]shared.Target{}
	}
	tg.Of[item] = append(tg.Of[item], t...)
}
