package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/auth0tokens/terraform-provider-auth0tokens/internal/provider"
)

// version is set by goreleaser through ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	// tf6server directly rather than providerserver.Serve: the provider is
	// served behind a guard for interrupted actions (internal/provider/server.go).
	if err := tf6server.Serve("registry.terraform.io/auth0tokens/auth0tokens", provider.NewServer(version), opts...); err != nil {
		log.Fatal(err.Error())
	}
}
