package auth0api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/auth0/go-auth0/v3/management/core"
)

// Kind sorts API errors into what the provider reacts to differently.
type Kind int

const (
	KindOther Kind = iota
	KindNotFound
	// KindUserNotFound: the user named in the path does not exist.
	KindUserNotFound
	// KindRouteNotFound: a 404 with no Auth0 error body, so the endpoint
	// itself does not exist on this deployment (not the object asked for).
	KindRouteNotFound
	KindInsufficientScope
	KindFeatureNotEnabled
	KindRateLimited
	KindUnauthorized
	KindBadRequest
	KindCanceled
)

func (k Kind) String() string {
	switch k {
	case KindNotFound:
		return "not found"
	case KindUserNotFound:
		return "user not found"
	case KindRouteNotFound:
		return "no such endpoint"
	case KindInsufficientScope:
		return "insufficient scope"
	case KindFeatureNotEnabled:
		return "feature not enabled"
	case KindRateLimited:
		return "rate limited"
	case KindUnauthorized:
		return "unauthorized"
	case KindBadRequest:
		return "bad request"
	case KindCanceled:
		return "canceled"
	}
	return "error"
}

// Error is an Auth0 Management API failure, classified.
type Error struct {
	Kind       Kind
	StatusCode int    // 0 when no response was received
	Code       string // Auth0's errorCode, when given
	Message    string // Auth0's message, or the transport error
	Scope      string // for KindInsufficientScope: the scope the call needs
	// Advice says what to check, in full sentences, for the credential in
	// use (KindUnauthorized); "" when there is nothing specific to say.
	Advice string
	Err    error
}

func (e *Error) Error() string {
	msg := e.Message
	if e.Advice != "" {
		msg = Sentence(msg) + " " + e.Advice
	}
	if e.StatusCode == 0 {
		return msg
	}
	return fmt.Sprintf("%d %s: %s", e.StatusCode, e.Kind, msg)
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the kind of err, or KindOther when err is not an *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindOther
}

// IsNotFound reports whether err says the object does not exist.
func IsNotFound(err error) bool { return KindOf(err) == KindNotFound }

// IsUserNotFound reports whether err says the user does not exist.
func IsUserNotFound(err error) bool { return KindOf(err) == KindUserNotFound }

// earlyAccessRefused reports whether err says an Early Access endpoint cannot
// be used here: turned off for the tenant, or absent from the deployment.
func earlyAccessRefused(err error) bool {
	k := KindOf(err)
	return k == KindFeatureNotEnabled || k == KindRouteNotFound
}

var expectedScope = regexp.MustCompile(`expected (?:any of|all of)?:?\s*([a-z_:]+)`)

// classify turns an error from go-auth0 or the transport into an *Error.
// scope is the scope the call needs, named when the tenant refuses it.
func classify(err error, scope string) error {
	if err == nil {
		return nil
	}
	var already *Error
	if errors.As(err, &already) {
		return already
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &Error{Kind: KindCanceled, Message: err.Error(), Err: err}
	}
	var apiErr *core.APIError
	if !errors.As(err, &apiErr) {
		return &Error{Kind: KindOther, Message: err.Error(), Err: err}
	}
	e := &Error{StatusCode: apiErr.StatusCode, Err: err}
	var auth0Body bool
	e.Code, e.Message, auth0Body = errorBody(apiErr)
	lower := strings.ToLower(e.Message)
	switch {
	case e.StatusCode == 404 && !auth0Body:
		e.Kind = KindRouteNotFound
	case e.StatusCode == 404 && (e.Code == "inexistent_user" || strings.Contains(lower, "user does not exist")):
		e.Kind = KindUserNotFound
	case e.StatusCode == 404:
		e.Kind = KindNotFound
	case e.StatusCode == 401:
		e.Kind = KindUnauthorized
	case e.StatusCode == 429:
		e.Kind = KindRateLimited
	case e.StatusCode == 403 && (e.Code == "insufficient_scope" || strings.Contains(lower, "insufficient scope")):
		e.Kind = KindInsufficientScope
		e.Scope = scope
		if m := expectedScope.FindStringSubmatch(e.Message); m != nil {
			e.Scope = m[1]
		}
	case e.StatusCode == 403 && strings.Contains(lower, "not enabled"):
		e.Kind = KindFeatureNotEnabled
	case e.StatusCode == 400:
		e.Kind = KindBadRequest
	default:
		e.Kind = KindOther
	}
	return e
}

// errorBody reads Auth0's error body ({"statusCode","error","message","errorCode"});
// auth0Body says the answer had one. go-auth0 keeps the raw response body as
// the APIError's inner error.
func errorBody(apiErr *core.APIError) (code, message string, auth0Body bool) {
	raw := ""
	if inner := apiErr.Unwrap(); inner != nil {
		raw = strings.TrimSpace(inner.Error())
	}
	var body struct {
		Error     string `json:"error"`
		Message   string `json:"message"`
		ErrorCode string `json:"errorCode"`
	}
	if json.Unmarshal([]byte(raw), &body) == nil && (body.Message != "" || body.Error != "") {
		if body.Message == "" {
			body.Message = body.Error
		}
		return body.ErrorCode, body.Message, true
	}
	if raw != "" && len(raw) <= 200 {
		return "", raw, false
	}
	return "", fmt.Sprintf("HTTP %d", apiErr.StatusCode), false
}

// Sentence ends s with exactly one full stop (unless it already ends with
// other punctuation), so Auth0's messages can be quoted inside our own.
func Sentence(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), ".")
	if s == "" || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}
