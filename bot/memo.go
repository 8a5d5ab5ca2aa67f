package bot

import (
	"sync"
	"time"
)

// memo is a bounded map whose entries expire: the bot's short memories
// (who was already told something today, the last question in a thread).
// When it is full, the entry that expires first goes.
type memo[V any] struct {
	ttl time.Duration
	max int

	mu      sync.Mutex
	entries map[string]memoEntry[V]
}

type memoEntry[V any] struct {
	v       V
	expires time.Time
}

func newMemo[V any](max int, ttl time.Duration) *memo[V] {
	return &memo[V]{ttl: ttl, max: max, entries: map[string]memoEntry[V]{}}
}

// put remembers v under key from now on.
func (m *memo[V]) put(key string, v V, now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.entries[key]; !ok && len(m.entries) >= m.max {
		m.evict(now)
	}
	m.entries[key] = memoEntry[V]{v: v, expires: now.Add(m.ttl)}
}

// get returns what is remembered under key, if it has not expired.
func (m *memo[V]) get(key string, now time.Time) (V, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[key]
	if !ok || !now.Before(e.expires) {
		var zero V
		return zero, false
	}
	return e.v, true
}

// first reports whether key is new (or expired) at now, and remembers it:
// "tell each user this once a day".
func (m *memo[V]) first(key string, now time.Time) bool {
	if _, ok := m.get(key, now); ok {
		return false
	}
	var zero V
	m.put(key, zero, now)
	return true
}

// evict drops expired entries, or when none has expired the one that
// expires first. The caller holds mu.
func (m *memo[V]) evict(now time.Time) {
	oldest, first := "", true
	var at time.Time
	for k, e := range m.entries {
		if !now.Before(e.expires) {
			delete(m.entries, k)
			continue
		}
		if first || e.expires.Before(at) {
			oldest, at, first = k, e.expires, false
		}
	}
	if len(m.entries) >= m.max && !first {
		delete(m.entries, oldest)
	}
}
