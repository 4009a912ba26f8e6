package scale

import "context"

// loadNest is not written yet.
func (l *loader) loadNest(ctx context.Context) error { return nil }
