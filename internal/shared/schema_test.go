package shared

import (
	"testing"
	"time"
)

// Timestamps keep the precision Auth0 sent: its milliseconds (".000"
// included, as Auth0 writes them), and any finer fraction in full.
func TestTimeValue(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	for _, c := range []struct {
		in   time.Time
		want string
	}{
		{time.Date(2025, 1, 10, 7, 59, 58, 123_000_000, time.UTC), "2025-01-10T07:59:58.123Z"},
		{time.Date(2025, 1, 10, 7, 59, 58, 120_000_000, time.UTC), "2025-01-10T07:59:58.120Z"},
		{time.Date(2025, 1, 10, 7, 59, 58, 0, time.UTC), "2025-01-10T07:59:58.000Z"},
		{time.Date(2025, 1, 10, 8, 59, 58, 1_000_000, cet), "2025-01-10T07:59:58.001Z"},
		{time.Date(2025, 1, 10, 7, 59, 58, 123_456_000, time.UTC), "2025-01-10T07:59:58.123456Z"},
	} {
		if got := TimeValue(&c.in).ValueString(); got != c.want {
			t.Errorf("TimeValue(%v) = %s; want %s", c.in, got, c.want)
		}
	}
	if !TimeValue(nil).IsNull() {
		t.Error("no time must be null")
	}
}
