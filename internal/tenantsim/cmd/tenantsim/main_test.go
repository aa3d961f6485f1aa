package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// -dir names a folder that does not exist yet: it is created (it used to fail
// with "open .../tenantsim-ca.pem: no such file or directory").
func TestRunCreatesMissingDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x", "t")
	stop := make(chan os.Signal)
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"-seed", "../../../../examples/demo/seed.json", "-dir", dir}, io.Discard, stop)
	}()

	envFile := filepath.Join(dir, "tenantsim.env")
	deadline := time.Now().Add(10 * time.Second)
	for {
		if data, err := os.ReadFile(envFile); err == nil && strings.Contains(string(data), "AUTH0_DOMAIN=127.0.0.1:") {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("tenantsim stopped early: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no env file at %s", envFile)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := os.Stat(filepath.Join(dir, "tenantsim-ca.pem")); err != nil {
		t.Fatalf("CA certificate not written: %v", err)
	}
	if data, _ := os.ReadFile(envFile); !strings.Contains(string(data), "SSL_CERT_FILE="+filepath.Join(dir, "tenantsim-ca.pem")) {
		t.Fatalf("the env file does not name the CA file by its absolute path:\n%s", data)
	}
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestRunRefusesMissingSeed(t *testing.T) {
	err := run(nil, io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "-seed is required") {
		t.Fatalf("err=%v", err)
	}
}
