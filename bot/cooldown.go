package bot

import (
	"sync"
	"time"
)

// limiter is a per-user sliding-window rate limit on questions.
type limiter struct {
	max int
	per time.Duration

	mu    sync.Mutex
	hits  map[string][]time.Time // each user's questions inside the window, oldest first
	noted map[string]time.Time   // when each user was last told to slow down
}

// limiterSweep is how many users the limiter tracks before it forgets the
// ones whose window has passed.
const limiterSweep = 4096

func newLimiter(max int, per time.Duration) *limiter {
	return &limiter{max: max, per: per, hits: map[string][]time.Time{}, noted: map[string]time.Time{}}
}

// allow counts one question from user at now. When the user has asked max
// questions in the last per, it refuses and says how long until the oldest
// of them leaves the window.
func (l *limiter) allow(user string, now time.Time) (ok bool, retryAfter time.Duration) {
	if l.max < 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.hits) > limiterSweep {
		l.sweep(now)
	}
	hs := l.hits[user]
	cut := 0
	for cut < len(hs) && now.Sub(hs[cut]) >= l.per {
		cut++
	}
	hs = hs[cut:]
	if len(hs) >= l.max {
		l.hits[user] = hs
		return false, l.per - now.Sub(hs[0])
	}
	l.hits[user] = append(hs, now)
	return true, 0
}

// firstRefusal reports whether user has not yet been told to slow down in
// the current window, and notes that they now have been. Mentions use it
// so that a flood of them gets one public note, not one each.
func (l *limiter) firstRefusal(user string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if t, ok := l.noted[user]; ok && now.Sub(t) < l.per {
		return false
	}
	l.noted[user] = now
	return true
}

// sweep forgets users with no question inside the window.
func (l *limiter) sweep(now time.Time) {
	for u, hs := range l.hits {
		if len(hs) == 0 || now.Sub(hs[len(hs)-1]) >= l.per {
			delete(l.hits, u)
		}
	}
	for u, t := range l.noted {
		if now.Sub(t) >= l.per {
			delete(l.noted, u)
		}
	}
}
