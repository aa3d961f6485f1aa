package tenantsim

import (
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"time"
)

// verifyAssertion checks a Private Key JWT client assertion against the
// public key of the client it names, and returns that client.
func (t *Tenant) verifyAssertion(assertion string) (Client, error) {
	parts := strings.Split(assertion, ".")
	if len(parts) != 3 {
		return Client{}, errors.New("not a JWT")
	}
	var header struct {
		Alg string `json:"alg"`
	}
	var claims struct {
		Iss string `json:"iss"`
		Sub string `json:"sub"`
		Exp int64  `json:"exp"`
	}
	if err := decodeSegment(parts[0], &header); err != nil {
		return Client{}, err
	}
	if err := decodeSegment(parts[1], &claims); err != nil {
		return Client{}, err
	}
	t.mu.Lock()
	c, ok := t.clients[claims.Sub]
	now := t.now()
	t.mu.Unlock()
	if !ok || claims.Iss != claims.Sub || c.PublicKey == "" {
		return Client{}, errors.New("unknown client")
	}
	if claims.Exp != 0 && now.After(time.Unix(claims.Exp, 0)) {
		return Client{}, errors.New("assertion expired")
	}
	block, _ := pem.Decode([]byte(c.PublicKey))
	if block == nil {
		return Client{}, errors.New("client public key is not PEM")
	}
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return Client{}, err
	}
	key, ok := pub.(*rsa.PublicKey)
	if !ok {
		return Client{}, errors.New("only RSA keys are supported")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return Client{}, err
	}
	signed := []byte(parts[0] + "." + parts[1])
	switch header.Alg {
	case "RS256":
		h := crypto.SHA256.New()
		h.Write(signed)
		err = rsa.VerifyPKCS1v15(key, crypto.SHA256, h.Sum(nil), sig)
	case "RS384":
		h := crypto.SHA384.New()
		h.Write(signed)
		err = rsa.VerifyPKCS1v15(key, crypto.SHA384, h.Sum(nil), sig)
	case "PS256":
		h := crypto.SHA256.New()
		h.Write(signed)
		err = rsa.VerifyPSS(key, crypto.SHA256, h.Sum(nil), sig, nil)
	default:
		err = fmt.Errorf("unsupported alg %q", header.Alg)
	}
	return c, err
}

func decodeSegment(seg string, v any) error {
	raw, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, v)
}
