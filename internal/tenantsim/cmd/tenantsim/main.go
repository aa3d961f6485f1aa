// Command tenantsim runs the local Auth0 tenant on loopback until interrupted.
//
//	go run ./internal/tenantsim/cmd/tenantsim -seed examples/demo/seed.json
//
// It writes the environment the provider needs (AUTH0_DOMAIN, SSL_CERT_FILE
// and the seed's first client's credentials) to an env file and prints how to
// load it; the client secret is never printed. To reproduce a problem it
// takes what the tests use: faults (-fault), a request log (-request-log),
// the tenant's quirks as flags, and an admin endpoint on loopback
// (TENANTSIM_ADMIN in the env file) to inject faults, read the request log,
// change switches, add data and delete users while it runs.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("tenantsim: ")
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	if err := run(os.Args[1:], os.Stdout, stop); err != nil {
		log.Fatal(err)
	}
}

// run serves the tenant until stop receives (or is closed).
func run(args []string, out io.Writer, stop <-chan os.Signal) error {
	fs := flag.NewFlagSet("tenantsim", flag.ContinueOnError)
	seedFile := fs.String("seed", "", "JSON seed file (users, clients, tokens)")
	addr := fs.String("addr", "127.0.0.1:0", "loopback address to listen on")
	dir := fs.String("dir", "", "folder for the CA certificate and env file, created if missing (default: a new temporary folder)")
	envFile := fs.String("env-file", "", "where to write the environment (default: DIR/tenantsim.env)")
	var opts tenantsim.Options
	fs.BoolVar(&opts.EarlyAccess, "early-access", false, "enable the Early Access endpoints")
	fs.BoolVar(&opts.NoEarlyAccessRoutes, "no-early-access-routes", false, "answer the Early Access routes with a plain 404, as a deployment without them")
	fs.DurationVar(&opts.RevocationDelay, "revocation-delay", 0, "how long revoked tokens stay listed")
	fs.IntVar(&opts.RateLimit, "rate-limit", 0, "requests per second (0: unlimited)")
	fs.DurationVar(&opts.Latency, "latency", 0, "latency added to every response")
	fs.BoolVar(&opts.NoNextOnLastPage, "no-next-on-last-page", false, "leave `next` off the last page (real tenants send it)")
	fs.BoolVar(&opts.RepeatCursor, "repeat-cursor", false, "answer every page with the same `next` (a broken tenant)")
	fs.DurationVar(&opts.CursorTTL, "cursor-ttl", 0, "how long a `from` cursor stays valid (0: 24h)")
	fs.StringVar(&opts.DeleteStyle, "delete-style", "", "how DELETE answers: "+strings.Join(tenantsim.DeleteStyles, ", ")+" (default 204)")
	var faults []tenantsim.Fault
	fs.Func("fault", "inject a fault, repeatable: status=503,method=DELETE,path=/api/v2/users/,skip=N,times=N (or drop, expired-cursor)", func(spec string) error {
		f, err := tenantsim.ParseFault(spec)
		faults = append(faults, f)
		return err
	})
	requestLog := fs.String("request-log", "", "append each Management API request served (time, method, path, query, status) to this file, one JSON object a line")
	adminAddr := fs.String("admin-addr", "127.0.0.1:0", "loopback address of the admin endpoint (plain HTTP; \"\" turns it off)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if opts.DeleteStyle != "" && !slices.Contains(tenantsim.DeleteStyles, opts.DeleteStyle) {
		return fmt.Errorf("-delete-style %q: use one of %s", opts.DeleteStyle, strings.Join(tenantsim.DeleteStyles, ", "))
	}

	if *seedFile == "" {
		return errors.New("-seed is required")
	}
	data, err := os.ReadFile(*seedFile)
	if err != nil {
		return err
	}
	seed, err := tenantsim.ParseSeed(data)
	if err != nil {
		return err
	}
	if len(seed.Clients) == 0 {
		return errors.New("the seed has no clients: add one with client_id, client_secret and scopes")
	}
	tenant := tenantsim.New(opts)
	if err := tenant.Load(seed); err != nil {
		return err
	}
	for _, f := range faults {
		tenant.AddFault(f)
	}
	if *dir == "" {
		*dir, err = os.MkdirTemp("", "tenantsim-")
	} else {
		err = os.MkdirAll(*dir, 0o700)
	}
	if err == nil {
		// The env file names the CA file: absolute, so it works from any folder.
		*dir, err = filepath.Abs(*dir)
	}
	if err != nil {
		return fmt.Errorf("preparing the folder for the CA certificate and env file: %w", err)
	}
	if *requestLog != "" { // after -dir exists: the log may go there
		closeLog, err := logRequests(tenant, *requestLog)
		if err != nil {
			return err
		}
		defer closeLog()
	}
	srv, err := tenantsim.Start(tenant, *addr, *dir)
	if err != nil {
		return err
	}
	defer func() { _ = srv.Close() }()
	if *envFile == "" {
		*envFile = filepath.Join(*dir, "tenantsim.env")
	}
	c := seed.Clients[0]
	env := []string{
		"AUTH0_DOMAIN=" + srv.Domain,
		"SSL_CERT_FILE=" + srv.CAFile,
		"AUTH0_CLIENT_ID=" + c.ID,
		"AUTH0_CLIENT_SECRET=" + c.Secret,
	}
	// Always set, so that loading this file after another tenant's leaves no
	// stale method. The provider takes Private Key JWT from a private key,
	// not from this setting: for such a client it is emptied (unset).
	method, methodNote := c.AuthMethod(), ""
	if method == tenantsim.AuthMethodPrivateKeyJWT {
		method, methodNote = "", " (Private Key JWT: set AUTH0_CLIENT_ASSERTION_PRIVATE_KEY to the client's private key)"
	}
	env = append(env, "AUTH0_CLIENT_AUTHENTICATION_METHOD="+method)
	var admin *tenantsim.AdminServer
	if *adminAddr != "" {
		if admin, err = tenantsim.StartAdmin(tenant, *adminAddr); err != nil {
			return fmt.Errorf("-admin-addr: %w", err)
		}
		defer func() { _ = admin.Close() }()
		env = append(env, "TENANTSIM_ADMIN="+admin.URL)
	}
	if err := os.WriteFile(*envFile, []byte("export "+strings.Join(env, "\nexport ")+"\n"), 0o600); err != nil {
		return err
	}
	_, _ = fmt.Fprintf(out, "Local Auth0 tenant on https://%s (loopback only)\n", srv.Domain)
	_, _ = fmt.Fprintf(out, "  AUTH0_DOMAIN=%s\n  SSL_CERT_FILE=%s\n  AUTH0_CLIENT_ID=%s\n  AUTH0_CLIENT_SECRET=(in the env file)\n", srv.Domain, srv.CAFile, c.ID)
	_, _ = fmt.Fprintf(out, "  AUTH0_CLIENT_AUTHENTICATION_METHOD=%s%s\n", method, methodNote)
	if admin != nil {
		_, _ = fmt.Fprintf(out, "  TENANTSIM_ADMIN=%s (faults, request log, switches, users: curl $TENANTSIM_ADMIN/ for the list)\n", admin.URL)
	}
	if len(faults) > 0 {
		_, _ = fmt.Fprintf(out, "Injected faults: %d\n", len(faults))
	}
	_, _ = fmt.Fprintf(out, "Load all of it with:\n  . %s\n", *envFile)
	<-stop
	return nil
}

// logRequests appends each request the tenant serves to file, one JSON object
// a line, and returns what closes it.
func logRequests(tenant *tenantsim.Tenant, file string) (func(), error) {
	f, err := os.OpenFile(file, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("-request-log: %w", err)
	}
	var mu sync.Mutex
	enc := json.NewEncoder(f)
	tenant.OnRequest(func(r tenantsim.Request) {
		mu.Lock()
		defer mu.Unlock()
		_ = enc.Encode(r)
	})
	return func() {
		tenant.OnRequest(nil)
		mu.Lock()
		defer mu.Unlock()
		_ = f.Close()
	}, nil
}
