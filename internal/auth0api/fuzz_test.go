package auth0api

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/auth0/go-auth0/v3/management"
)

// FuzzDecodeToken feeds arbitrary JSON to the decoding of one token, as
// GET /refresh-tokens/{id} answers it: it must never panic, and what it
// returns must hold no empty scopes.
func FuzzDecodeToken(f *testing.F) {
	f.Add([]byte(`{"id":"rt_1","user_id":"auth0|1","created_at":"2026-01-01T00:00:00.000Z","session_id":null,"device":{},"resource_servers":[{"audience":"a","scopes":" x  y "}]}`))
	f.Add([]byte(`{"id":"rt_2","created_at":{},"expires_at":null,"resource_servers":[null],"refresh_token_metadata":{"k":1}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r management.GetRefreshTokenResponseContent
		if json.Unmarshal(data, &r) != nil {
			return
		}
		tok := toToken(&r)
		for _, rs := range tok.ResourceServers {
			for _, s := range rs.Scopes {
				if s == "" || strings.ContainsAny(s, " \t\n") {
					t.Fatalf("scope %q not split on white space", s)
				}
			}
		}
		if tok.CreatedAt != nil && tok.CreatedAt.Location().String() != "UTC" {
			t.Fatalf("created_at not in UTC: %v", tok.CreatedAt)
		}
	})
}

// FuzzDecodeListPage feeds arbitrary JSON to the decoding of a list page.
func FuzzDecodeListPage(f *testing.F) {
	f.Add([]byte(`{"tokens":[{"id":"rt_1","user_id":"u"},{"id":"rt_2","session_id":"s"}],"next":"abc"}`))
	f.Add([]byte(`{"tokens":[null,{}],"next":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var page management.ListRefreshTokensPaginatedResponseContent
		if json.Unmarshal(data, &page) != nil {
			return
		}
		for _, item := range page.Tokens {
			if item != nil {
				_ = toToken(item)
			}
		}
	})
}

// FuzzPaginate drives the pagination loop with a tenant whose pages and
// cursors come from the fuzzer: whatever it does, the loop ends, asks for no
// more pages than the tenant has, and returns each token once.
func FuzzPaginate(f *testing.F) {
	f.Add([]byte{3, 7, 11, 0})        // three pages then the empty one
	f.Add([]byte{5, 6, 6, 6, 6})      // a repeating cursor
	f.Add([]byte{255, 254, 253, 252}) // no next at all
	f.Fuzz(func(t *testing.T, script []byte) {
		calls := 0
		fetch := func(from *string) ([]*management.RefreshTokenResponseContent, *string, error) {
			if calls >= len(script) {
				calls++
				return nil, nil, nil // past the script: the real end
			}
			b := script[calls]
			calls++
			items := make([]*management.RefreshTokenResponseContent, b%4)
			for i := range items {
				id := fmt.Sprintf("rt_%d", (int(b)+i)%7) // IDs may repeat across pages
				items[i] = &management.RefreshTokenResponseContent{ID: &id}
			}
			var next *string
			switch b / 64 {
			case 0:
				next = ptr(fmt.Sprintf("c%d", calls)) // a fresh cursor
			case 1:
				next = ptr("same") // a cursor that repeats
			case 2:
				next = ptr("") // empty cursor
			}
			return items, next, nil
		}
		var tokens []*management.RefreshTokenResponseContent
		err := paginate(context.Background(), ScopeRead, fetch, func(tok *management.RefreshTokenResponseContent) bool {
			tokens = append(tokens, tok)
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
		if calls > len(script)+1 {
			t.Fatalf("%d calls for a script of %d pages", calls, len(script))
		}
		seen := map[string]bool{}
		for _, tok := range tokens {
			if seen[tok.GetID()] {
				t.Fatalf("token %s returned twice", tok.GetID())
			}
			seen[tok.GetID()] = true
		}
	})
}
