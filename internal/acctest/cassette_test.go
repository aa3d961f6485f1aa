package acctest

import (
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/dnaeon/go-vcr.v4/pkg/cassette"
)

// secretPatterns are what a credential looks like in a cassette.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)authorization`),
	regexp.MustCompile(`(?i)bearer\s+[a-z0-9._~+/-]+`),
	regexp.MustCompile(`(?i)access_token`),
	regexp.MustCompile(`(?i)client_secret`),
	regexp.MustCompile(`(?i)client_assertion`),
	regexp.MustCompile(`acctest-local-only`), // the seed's client secrets
	regexp.MustCompile(`simat_[0-9a-f]+`),    // access tokens the local tenant issues
	regexp.MustCompile(`127\.0\.0\.1`),       // the recording tenant's domain must be rewritten
}

func TestCassettesHoldNoSecrets(t *testing.T) {
	root := filepath.Join("..", "..")
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") || filepath.Base(filepath.Dir(path)) != "testdata" {
			return err
		}
		n++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, p := range secretPatterns {
			if loc := p.FindIndex(data); loc != nil {
				t.Errorf("%s: matches %s near %q", path, p, data[max(0, loc[0]-40):min(len(data), loc[1]+40)])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("found no cassettes to scan")
	}
}

func TestSanitizeDropsAndRewrites(t *testing.T) {
	hook := sanitize("127.0.0.1:4321")
	token := &cassette.Interaction{Request: cassette.Request{URL: "https://127.0.0.1:4321/oauth/token"}}
	limited := &cassette.Interaction{Request: cassette.Request{URL: "https://127.0.0.1:4321/api/v2/x"}, Response: cassette.Response{Code: 429}}
	kept := &cassette.Interaction{
		Request: cassette.Request{
			URL:     "https://127.0.0.1:4321/api/v2/refresh-tokens/rt_1",
			Host:    "127.0.0.1:4321",
			Headers: http.Header{"Authorization": {"Bearer abc"}, "User-Agent": {"ua"}, "Content-Type": {"application/json"}},
		},
		Response: cassette.Response{Code: 200, Headers: http.Header{"Set-Cookie": {"a=b"}, "Content-Type": {"application/json"}}},
	}
	for _, i := range []*cassette.Interaction{token, limited, kept} {
		if err := hook(i); err != nil {
			t.Fatal(err)
		}
	}
	if !token.DiscardOnSave || !limited.DiscardOnSave || kept.DiscardOnSave {
		t.Fatalf("discard: token=%v 429=%v kept=%v", token.DiscardOnSave, limited.DiscardOnSave, kept.DiscardOnSave)
	}
	if kept.Request.Headers.Get("Authorization") != "" || kept.Request.Headers.Get("User-Agent") != "ua" || kept.Response.Headers.Get("Set-Cookie") != "" {
		t.Fatalf("headers not filtered: %v / %v", kept.Request.Headers, kept.Response.Headers)
	}
	if kept.Request.URL != "https://"+RecordingsDomain+"/api/v2/refresh-tokens/rt_1" || kept.Request.Host != RecordingsDomain {
		t.Fatalf("domain not rewritten: %s %s", kept.Request.URL, kept.Request.Host)
	}
}

func TestMatchRequestComparesQueryAndJSONBody(t *testing.T) {
	rec := cassette.Request{Method: "POST", URL: "https://x/api/v2/refresh-tokens/revoke?b=2&a=1", Body: `{"ids":["a","b"]}`}
	same, _ := http.NewRequest("POST", "https://y/api/v2/refresh-tokens/revoke?a=1&b=2", strings.NewReader(`{ "ids": ["a", "b"] }`))
	other, _ := http.NewRequest("POST", "https://y/api/v2/refresh-tokens/revoke?a=1&b=2", strings.NewReader(`{"ids":["a","c"]}`))
	if !matchRequest(same, rec) {
		t.Error("query order and JSON spacing should not matter")
	}
	if matchRequest(other, rec) {
		t.Error("a different JSON body must not match")
	}
}
