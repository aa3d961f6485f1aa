// Command tenantsim runs the local Auth0 tenant on loopback until interrupted.
//
//	go run ./internal/tenantsim/cmd/tenantsim -seed examples/demo/seed.json
//
// It writes the environment the provider needs (AUTH0_DOMAIN, SSL_CERT_FILE
// and the seed's first client's credentials) to an env file and prints how to
// load it; the client secret is never printed.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/tenantsim"
)

func main() {
	seedFile := flag.String("seed", "", "JSON seed file (users, clients, tokens)")
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on")
	dir := flag.String("dir", "", "folder for the CA certificate and env file (default: a new temporary folder)")
	envFile := flag.String("env-file", "", "where to write the environment (default: DIR/tenantsim.env)")
	var opts tenantsim.Options
	flag.BoolVar(&opts.EarlyAccess, "early-access", false, "enable the Early Access endpoints")
	flag.DurationVar(&opts.RevocationDelay, "revocation-delay", 0, "how long revoked tokens stay listed")
	flag.IntVar(&opts.RateLimit, "rate-limit", 0, "requests per second (0: unlimited)")
	flag.DurationVar(&opts.Latency, "latency", 0, "latency added to every response")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("tenantsim: ")

	if *seedFile == "" {
		log.Fatal("-seed is required")
	}
	data, err := os.ReadFile(*seedFile)
	if err != nil {
		log.Fatal(err)
	}
	seed, err := tenantsim.ParseSeed(data)
	if err != nil {
		log.Fatal(err)
	}
	if len(seed.Clients) == 0 {
		log.Fatal("the seed has no clients: add one with client_id, client_secret and scopes")
	}
	tenant := tenantsim.New(opts)
	if err := tenant.Load(seed); err != nil {
		log.Fatal(err)
	}
	if *dir == "" {
		if *dir, err = os.MkdirTemp("", "tenantsim-"); err != nil {
			log.Fatal(err)
		}
	}
	srv, err := tenantsim.Start(tenant, *addr, *dir)
	if err != nil {
		log.Fatal(err)
	}
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
	if err := os.WriteFile(*envFile, []byte("export "+strings.Join(env, "\nexport ")+"\n"), 0o600); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("Local Auth0 tenant on https://%s (loopback only)\n", srv.Domain)
	fmt.Printf("  AUTH0_DOMAIN=%s\n  SSL_CERT_FILE=%s\n  AUTH0_CLIENT_ID=%s\n  AUTH0_CLIENT_SECRET=(in the env file)\n", srv.Domain, srv.CAFile, c.ID)
	fmt.Printf("Load all of it with:\n  . %s\n", *envFile)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	_ = srv.Close()
}
