package scale

import "context"

// loadMeetings is not written yet.
func (l *loader) loadMeetings(ctx context.Context) error { return nil }
