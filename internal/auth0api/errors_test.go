package auth0api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/auth0/go-auth0/v3/management"
	"github.com/auth0/go-auth0/v3/management/core"
)

func apiErr(status int, body string) error {
	return &management.ForbiddenError{APIError: core.NewAPIError(status, http.Header{}, errors.New(body))}
}

func TestClassify(t *testing.T) {
	cases := []struct {
		name      string
		err       error
		kind      Kind
		scope     string
		wantInMsg string
	}{
		{"not found", apiErr(404, `{"statusCode":404,"error":"Not Found","message":"The refresh token does not exist."}`), KindNotFound, "", "does not exist"},
		{"user not found", apiErr(404, `{"statusCode":404,"error":"Not Found","message":"The user does not exist.","errorCode":"inexistent_user"}`), KindUserNotFound, "", "user does not exist"},
		{"user not found, no code", apiErr(404, `{"statusCode":404,"error":"Not Found","message":"The user does not exist."}`), KindUserNotFound, "", ""},
		// A route the deployment does not have: no Auth0 body, so not "the object does not exist".
		{"plain 404", apiErr(404, "404 page not found"), KindRouteNotFound, "", "404 page not found"},
		{"empty 404", apiErr(404, ""), KindRouteNotFound, "", "HTTP 404"},
		{"scope from message", apiErr(403, `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: delete:refresh_tokens","errorCode":"insufficient_scope"}`), KindInsufficientScope, "delete:refresh_tokens", "Insufficient scope"},
		{"scope from call", apiErr(403, `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope","errorCode":"insufficient_scope"}`), KindInsufficientScope, ScopeRead, ""},
		{"feature off", apiErr(403, `{"statusCode":403,"error":"Forbidden","message":"This feature is not enabled for this tenant.","errorCode":"feature_not_enabled"}`), KindFeatureNotEnabled, "", "not enabled"},
		{"rate limited", apiErr(429, `{"statusCode":429,"error":"Too Many Requests","message":"Global limit has been reached"}`), KindRateLimited, "", "Global limit"},
		{"unauthorized", apiErr(401, `{"statusCode":401,"error":"Unauthorized","message":"Invalid token"}`), KindUnauthorized, "", "Invalid token"},
		{"expired cursor", apiErr(400, `{"statusCode":400,"error":"Bad Request","message":"The 'from' parameter is invalid or has expired."}`), KindBadRequest, "", "expired"},
		{"server error, no JSON", apiErr(502, `<html>bad gateway</html>`), KindOther, "", "bad gateway"},
		{"canceled", context.Canceled, KindCanceled, "", "canceled"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := classify(c.err, ScopeRead)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("not an *Error: %v", err)
			}
			if e.Kind != c.kind || e.Scope != c.scope {
				t.Fatalf("kind=%v scope=%q; want %v %q", e.Kind, e.Scope, c.kind, c.scope)
			}
			if c.wantInMsg != "" && !contains(e.Error(), c.wantInMsg) {
				t.Fatalf("message %q lacks %q", e.Error(), c.wantInMsg)
			}
		})
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestSentenceNeverDoublesPunctuation(t *testing.T) {
	for in, want := range map[string]string{
		"The user does not exist.":  "The user does not exist.",
		"The user does not exist..": "The user does not exist.",
		"The user does not exist":   "The user does not exist.",
		" Invalid token ":           "Invalid token.",
		"Is the domain right?":      "Is the domain right?",
		"":                          "",
	} {
		if got := Sentence(in); got != want {
			t.Errorf("Sentence(%q) = %q; want %q", in, got, want)
		}
	}
}
