package scale

import "context"

// loadOversight is not written yet.
func (l *loader) loadOversight(ctx context.Context) error { return nil }
