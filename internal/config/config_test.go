package config_test

import (
	"strings"
	"testing"

	"hnizdo.cz/hnizdo/internal/config"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadDefaults(t *testing.T) {
	c, err := config.Load(nil, env(map[string]string{"DATABASE_URL": "postgres://u@h/db"}), true)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.BaseURL != "http://localhost:8080" || c.PoolSize != 10 || c.SecureCookies || c.LogFormat != "text" ||
		c.MemoryLimitMiB != 128 {
		t.Fatalf("defaults: %+v", c)
	}
}

// TestMemoryLimit: GOMEMLIMIT, which the Go runtime applies itself, turns Hnízdo's own off.
func TestMemoryLimit(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want int64
	}{
		{map[string]string{"HNIZDO_MEMORY_LIMIT_MIB": "256"}, 256},
		{map[string]string{"HNIZDO_MEMORY_LIMIT_MIB": "0"}, 0},
		{map[string]string{"GOMEMLIMIT": "1GiB"}, 0},
	} {
		tc.env["DATABASE_URL"] = "postgres://u@h/db"
		c, err := config.Load(nil, env(tc.env), true)
		if err != nil || c.MemoryLimitMiB != tc.want {
			t.Errorf("%v: limit %d MiB, want %d (%v)", tc.env, c.MemoryLimitMiB, tc.want, err)
		}
	}
}

func TestFlagsOverrideEnvironment(t *testing.T) {
	c, err := config.Load([]string{"-addr", "127.0.0.1:9000", "-secure-cookies=true"},
		env(map[string]string{"DATABASE_URL": "postgres://u@h/db", "HNIZDO_ADDR": ":7000"}), true)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9000" || !c.SecureCookies || c.BaseURL != "http://127.0.0.1:9000" {
		t.Fatalf("%+v", c)
	}
}

func TestBadValuesNameTheVariable(t *testing.T) {
	base := map[string]string{"DATABASE_URL": "postgres://u@h/db"}
	cases := []struct {
		key, val, want string
	}{
		{"DATABASE_URL", "", "DATABASE_URL is required"},
		{"DATABASE_URL", "mysql://x", "DATABASE_URL must be a postgres:// URL"},
		{"HNIZDO_ADDR", "8080", "HNIZDO_ADDR must be host:port"},
		{"HNIZDO_BASE_URL", "hnizdo.cz", "HNIZDO_BASE_URL must be an absolute http(s) URL"},
		{"HNIZDO_SECURE_COOKIES", "ano", "HNIZDO_SECURE_COOKIES must be true or false"},
		{"HNIZDO_LOG_LEVEL", "loud", "HNIZDO_LOG_LEVEL must be debug, info, warn or error"},
		{"HNIZDO_LOG_FORMAT", "xml", "HNIZDO_LOG_FORMAT must be text or json"},
		{"HNIZDO_POOL_SIZE", "-3", "HNIZDO_POOL_SIZE must be a whole number from 1 to 1000"},
		{"HNIZDO_ARGON_TIME", "0", "HNIZDO_ARGON_TIME must be a whole number"},
		{"HNIZDO_MEMORY_LIMIT_MIB", "32", "HNIZDO_MEMORY_LIMIT_MIB must be 0 or a whole number of MiB"},
		{"HNIZDO_TRUSTED_PROXIES", "127.0.0.1/32,nginx", "HNIZDO_TRUSTED_PROXIES must be comma-separated CIDR prefixes"},
	}
	for _, tc := range cases {
		t.Run(tc.key+"="+tc.val, func(t *testing.T) {
			m := map[string]string{}
			for k, v := range base {
				m[k] = v
			}
			m[tc.key] = tc.val
			_, err := config.Load(nil, env(m), true)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatal("the error is more than one line")
			}
		})
	}
	_, err := config.Load([]string{"-pool-size", "x"}, env(base), true)
	if err == nil || !strings.Contains(err.Error(), "-pool-size must be") {
		t.Fatalf("flag error %v", err)
	}
}

func TestVersionNeedsNoDatabase(t *testing.T) {
	if _, err := config.Load(nil, env(nil), false); err != nil {
		t.Fatal(err)
	}
}
