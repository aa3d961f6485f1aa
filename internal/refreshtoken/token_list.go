package refreshtoken

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/auth0api"
	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/shared"
)

// tokenListConfig is what lists a user's tokens: the list resource's config,
// and the arguments of the data source and the ephemeral resource.
type tokenListConfig struct {
	shared.ListArgs
	Audience types.String `tfsdk:"audience"`
}

func (c tokenListConfig) query() auth0api.ListQuery {
	return auth0api.ListQuery{UserID: c.User(), ClientID: c.ClientID.ValueString(), Audience: c.Audience.ValueString()}
}

// readToken is how the read-side types read refresh tokens.
var readToken = shared.Readable[auth0api.RefreshToken, tokenListConfig]{
	TypeName:        "auth0tokens_refresh_token",
	ListTypeName:    "auth0tokens_refresh_tokens",
	Noun:            "refresh token",
	Plural:          "refresh tokens",
	Fields:          tokenFields,
	EphemeralFields: ephemeralTokenFields(),
	MetadataField:   metadataField,
	IncludeDeviceDesc: "Whether to return each token's `device` (IP addresses, user agents, ASNs: personal data). Defaults to `false`, " +
		"which leaves `device` null; set `true` to opt in.",
	NotFound: "Auth0 has no refresh token %q. It may have been revoked or have expired; revocation can take a few seconds to show. " +
		"List the user's current tokens with the auth0tokens_refresh_tokens data source.",
	Filters: []shared.Filter{
		{Name: "client_id", Validator: shared.ValidID("client ID"), Desc: "Keep only tokens issued to this application. Filtered by the tenant " +
			"where it has the Early Access `GET /api/v2/refresh-tokens` endpoint, and by the provider otherwise; the result is the same."},
		{Name: "audience", Validator: shared.ValidAudience(), Desc: "Keep only tokens that grant access to the API with this audience (identifier)."},
	},
	Results:     "tokens",
	ResultsDesc: "The user's refresh tokens that match the filters, ordered by `created_at`, then `id`.",
	IDsDesc:     "The IDs of `tokens`, in the same order: handy for revocation and checks.",
	Get: func(ctx context.Context, c *auth0api.Client, id string) (auth0api.RefreshToken, error) {
		return c.GetToken(ctx, id)
	},
	List: func(ctx context.Context, c *auth0api.Client, cfg tokenListConfig) ([]auth0api.RefreshToken, string, error) {
		tokens, err := c.ListTokens(ctx, cfg.query())
		if err != nil || len(tokens) > 0 {
			return tokens, "", err
		}
		return tokens, filterHint(ctx, c, cfg.query()), nil
	},
	Each: func(ctx context.Context, c *auth0api.Client, cfg tokenListConfig, visit func(auth0api.RefreshToken) bool) error {
		return c.EachToken(ctx, cfg.query(), visit)
	},
	Hint: func(ctx context.Context, c *auth0api.Client, cfg tokenListConfig) string {
		return filterHint(ctx, c, cfg.query())
	},
	Flatten: flattenToken,
}

// filterHint, for a client or audience filter that matched none of a user's
// tokens, says what the user's tokens do have, so that a typo (a missing
// trailing slash in an audience, say) never reads as "no tokens". It costs
// one more listing, only when the filtered list came back empty.
func filterHint(ctx context.Context, client *auth0api.Client, q auth0api.ListQuery) string {
	if q.ClientID == "" && q.Audience == "" {
		return ""
	}
	all, err := client.ListTokens(ctx, auth0api.ListQuery{UserID: q.UserID})
	if err != nil {
		return ""
	}
	var h holdings
	for _, t := range all {
		h.add(t)
	}
	return h.hint("user "+q.UserID, q)
}

// holdings is what a filter was tried against: how many tokens, with which
// clients and audiences. Safe for concurrent use.
type holdings struct {
	mu                 sync.Mutex
	tokens, matched    int
	clients, audiences []string
}

// matches counts tokens the filter matched: with any, the filter is right,
// whatever became of their revocation (a missing scope, say).
func (h *holdings) matches(n int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.matched += n
}

func (h *holdings) add(t auth0api.RefreshToken) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.tokens++
	if t.ClientID != "" {
		h.clients = append(h.clients, t.ClientID)
	}
	for _, rs := range t.ResourceServers {
		if rs.Audience != "" { // absent, as in `resource_servers: [{}]`
			h.audiences = append(h.audiences, rs.Audience)
		}
	}
}

// hint says what the tokens of whose ("user auth0|bob", "the 3 selected
// users") have, when q's filter matched none of them; "" when there were no
// tokens to match.
func (h *holdings) hint(whose string, q auth0api.ListQuery) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.tokens == 0 || h.matched > 0 || (q.ClientID == "" && q.Audience == "") {
		return ""
	}
	clients, audiences := shared.UniqueSorted(h.clients), shared.UniqueSorted(h.audiences)
	var filter []string
	if q.ClientID != "" {
		filter = append(filter, fmt.Sprintf("client_id %q", q.ClientID))
	}
	if q.Audience != "" {
		filter = append(filter, fmt.Sprintf("audience %q", q.Audience))
	}
	hint := fmt.Sprintf("None of the %s of %s matches %s. Their clients: %s. Their audiences: %s.",
		shared.KindTokens.Count(h.tokens), whose, strings.Join(filter, " and "), quoteAll(clients), quoteAll(audiences))
	for _, a := range audiences {
		if q.Audience != "" && a != q.Audience && strings.EqualFold(strings.TrimSuffix(a, "/"), strings.TrimSuffix(q.Audience, "/")) {
			hint += fmt.Sprintf(" Did you mean %q? Audiences must match exactly, trailing slash included.", a)
		}
	}
	for _, c := range clients {
		if q.ClientID != "" && c != q.ClientID && strings.EqualFold(c, q.ClientID) {
			hint += fmt.Sprintf(" Did you mean %q? Client IDs are case-sensitive.", c)
		}
	}
	return hint
}

func quoteAll(items []string) string {
	if len(items) == 0 {
		return "none"
	}
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}
