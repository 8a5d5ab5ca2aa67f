package bot

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// Bounds of the answer cache.
const (
	answerCacheSize = 512
	answerCacheTTL  = time.Hour
)

// answerCache remembers the questions behind recent answers so that
// "More passages" can page through them: bounded in size, entries expire.
// The custom id of the button carries the asker and the key.
type answerCache struct {
	size int
	ttl  time.Duration
	now  func() time.Time
	key  func() string

	mu      sync.Mutex
	entries map[string]answerEntry
	order   []string // keys, oldest first
}

type answerEntry struct {
	asker, question string
	expires         time.Time
}

func newAnswerCache(size int, ttl time.Duration) *answerCache {
	return &answerCache{size: size, ttl: ttl, now: time.Now, key: randomKey, entries: map[string]answerEntry{}}
}

// randomKey is 12 hex digits of randomness.
func randomKey() string {
	var b [6]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// put remembers a question and returns its key.
func (c *answerCache) put(asker, question string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	// Drop expired entries from the front, then the oldest while full.
	for len(c.order) > 0 {
		k := c.order[0]
		e, ok := c.entries[k]
		if ok && now.Before(e.expires) && len(c.entries) < c.size {
			break
		}
		delete(c.entries, k)
		c.order = c.order[1:]
	}
	k := c.key()
	c.entries[k] = answerEntry{asker: asker, question: question, expires: now.Add(c.ttl)}
	c.order = append(c.order, k)
	return k
}

// get returns the question remembered under key for asker.
func (c *answerCache) get(asker, key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || e.asker != asker || !c.now().Before(e.expires) {
		return "", false
	}
	return e.question, true
}
