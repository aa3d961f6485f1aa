package tenantsim

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// Server is a running tenant on loopback, over TLS.
type Server struct {
	Tenant *Tenant
	// Domain is what the provider takes as its domain: "127.0.0.1:PORT".
	Domain string
	// CAFile is the PEM file of the certificate the server presents; point
	// SSL_CERT_FILE at it so Terraform's provider process trusts the tenant.
	CAFile string

	srv  *http.Server
	cert *x509.Certificate
}

// Start serves t on addr, which must be a loopback address ("127.0.0.1:0"
// picks a free port), writing the certificate to dir/tenantsim-ca.pem.
func Start(t *Tenant, addr, dir string) (*Server, error) {
	certPEM, keyPEM, cert, err := selfSigned()
	if err != nil {
		return nil, err
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, err
	}
	ln, err := listenLoopback(addr)
	if err != nil {
		return nil, err
	}
	caFile := filepath.Join(dir, "tenantsim-ca.pem")
	if err := os.WriteFile(caFile, certPEM, 0o600); err != nil {
		_ = ln.Close()
		return nil, err
	}
	s := &Server{
		Tenant: t,
		Domain: ln.Addr().String(),
		CAFile: caFile,
		cert:   cert,
		srv: &http.Server{
			Handler:           t.Handler(),
			TLSConfig:         &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12},
			ReadHeaderTimeout: 10 * time.Second,
			ErrorLog:          log.New(io.Discard, "", 0), // aborted handlers (dropped-connection faults) are expected
		},
	}
	go func() {
		if err := s.srv.ServeTLS(ln, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Printf("tenantsim: %v", err)
		}
	}()
	return s, nil
}

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// RootCAs is a pool that trusts the tenant, for Go clients in tests.
func (s *Server) RootCAs() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(s.cert)
	return pool
}

// Transport is an HTTP transport that trusts the tenant.
func (s *Server) Transport() *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: s.RootCAs(), MinVersion: tls.VersionTLS12}
	return tr
}

// selfSigned makes a certificate for 127.0.0.1, ::1 and localhost that is its own CA.
func selfSigned() (certPEM, keyPEM []byte, cert *x509.Certificate, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, nil, err
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		return nil, nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "tenantsim local Auth0 tenant"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(7 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, nil, err
	}
	cert, err = x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), cert, nil
}
