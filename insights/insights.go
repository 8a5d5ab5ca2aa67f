// Package insights keeps, per Discord server, the little the bot
// remembers so that moderators can see what the readings miss: recent
// questions with their outcome and time, the 👍/👎 votes on answers under
// voter ids that are hashed with a secret kept beside the data (so that a
// person votes once per answer, and nobody can tell who voted), and the
// channels that moderators set to answer in threads. Nothing else about
// users is kept. Each server's data is one JSON file, written atomically;
// a damaged file is set aside, never overwritten.
package insights

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Bounds of what is kept per server.
const (
	MaxQuestions   = 500                 // the most recent questions kept
	MaxVoted       = 1000                // the most recent answers whose votes are kept
	MaxQuestionLen = 300                 // characters of a question kept
	maxFileSize    = 16 << 20            // a server file larger than this is refused
	retention      = 90 * 24 * time.Hour // questions older than this are forgotten
)

// Outcomes of a question.
const (
	Answered = "answered"
	NotFound = "not_found"
)

// Channel modes.
const (
	ModeReply  = ""       // answer with a reply in place (the default)
	ModeThread = "thread" // start a thread for each answer
	ModeForum  = "forum"  // in a forum channel: answer each new post in it
)

// Question is one question asked in a server.
type Question struct {
	Text    string    `json:"text"`
	Outcome string    `json:"outcome"`
	At      time.Time `json:"at"`
}

// votes are the votes on one answer.
type votes struct {
	Question string          `json:"question"`
	At       time.Time       `json:"at"`
	Voters   map[string]bool `json:"voters"` // hashed voter id → up
}

// server is one server's file.
type server struct {
	Questions []Question        `json:"questions"`
	Votes     map[string]*votes `json:"votes"`    // answer key → votes
	Channels  map[string]string `json:"channels"` // channel id → mode
}

// Store is the insights of every server, kept under one folder.
type Store struct {
	dir    string
	secret []byte
	now    func() time.Time

	mu      sync.Mutex
	servers map[string]*server
}

// Open opens (creating it if need be) the store in dir, telling the time
// with now (nil: the clock).
func Open(dir string, now func() time.Time) (*Store, error) {
	if now == nil {
		now = time.Now
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("insights: %w", err)
	}
	secret, err := loadSecret(filepath.Join(dir, "voter-key"))
	if err != nil {
		return nil, err
	}
	return &Store{dir: dir, secret: secret, now: now, servers: map[string]*server{}}, nil
}

// loadSecret reads the key that voter ids are hashed with, making one on
// first use.
func loadSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil && len(b) == 64 {
		if k, err := hex.DecodeString(string(b)); err == nil {
			return k, nil
		}
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("insights: read voter key: %w", err)
	}
	if err == nil {
		return nil, fmt.Errorf("insights: %s is not a voter key; move it away to start afresh", path)
	}
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("insights: make voter key: %w", err)
	}
	if err := writeAtomic(path, []byte(hex.EncodeToString(k))); err != nil {
		return nil, err
	}
	return k, nil
}

// validGuild reports whether id is a Discord snowflake, so that it can
// name a file.
func validGuild(id string) bool {
	if id == "" || len(id) > 20 {
		return false
	}
	for _, r := range id {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// load returns a server's data, reading it on first use. The caller holds mu.
func (s *Store) load(guild string) (*server, error) {
	if !validGuild(guild) {
		return nil, fmt.Errorf("insights: %q is not a server id", guild)
	}
	if sv, ok := s.servers[guild]; ok {
		return sv, nil
	}
	sv := &server{}
	path := s.path(guild)
	f, err := os.Open(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("insights: %w", err)
	default:
		data, rerr := io.ReadAll(io.LimitReader(f, maxFileSize+1))
		f.Close()
		if rerr != nil {
			return nil, fmt.Errorf("insights: read %s: %w", path, rerr)
		}
		if len(data) > maxFileSize || json.Unmarshal(data, sv) != nil {
			// Set the damaged file aside rather than lose it or fail forever.
			aside := path + ".damaged-" + s.now().UTC().Format("20060102T150405")
			if err := os.Rename(path, aside); err != nil {
				return nil, fmt.Errorf("insights: %s is damaged and could not be set aside: %w", path, err)
			}
			sv = &server{}
		}
	}
	sanitise(sv)
	s.servers[guild] = sv
	return sv, nil
}

// sanitise makes a server's data, as read from a file that may have been
// edited or damaged, safe to use: no missing maps, no empty entries, no
// over-long texts, the bounds kept.
func sanitise(sv *server) {
	if sv.Votes == nil {
		sv.Votes = map[string]*votes{}
	}
	if sv.Channels == nil {
		sv.Channels = map[string]string{}
	}
	for k, v := range sv.Votes {
		if v == nil {
			delete(sv.Votes, k)
			continue
		}
		if v.Voters == nil {
			v.Voters = map[string]bool{}
		}
		v.Question = clip(v.Question, MaxQuestionLen)
	}
	qs := sv.Questions[:0]
	for _, q := range sv.Questions {
		if q.Text = clip(q.Text, MaxQuestionLen); q.Text != "" {
			qs = append(qs, q)
		}
	}
	sv.Questions = qs
	if len(sv.Questions) > MaxQuestions {
		sv.Questions = sv.Questions[len(sv.Questions)-MaxQuestions:]
	}
	for c, m := range sv.Channels {
		if m != ModeThread && m != ModeForum {
			delete(sv.Channels, c)
		}
	}
}

func (s *Store) path(guild string) string {
	return filepath.Join(s.dir, guild+".json")
}

// save writes a server's data atomically. The caller holds mu.
func (s *Store) save(guild string, sv *server) error {
	data, err := json.Marshal(sv)
	if err != nil {
		return fmt.Errorf("insights: %w", err)
	}
	return writeAtomic(s.path(guild), data)
}

// writeAtomic writes data to path through a temporary file in the same
// folder, synced and renamed, so that a crash leaves the old file or the
// new one, never half of one.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("insights: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("insights: write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("insights: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("insights: sync %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("insights: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("insights: %w", err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Record notes a question asked in a server and its outcome.
func (s *Store) Record(guild, question, outcome string) error {
	question = clip(strings.Join(strings.Fields(question), " "), MaxQuestionLen)
	if question == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sv, err := s.load(guild)
	if err != nil {
		return err
	}
	now := s.now()
	sv.Questions = append(sv.Questions, Question{Text: question, Outcome: outcome, At: now.UTC()})
	s.prune(sv, now)
	return s.save(guild, sv)
}

// prune forgets old questions and votes beyond the bounds.
func (s *Store) prune(sv *server, now time.Time) {
	cut := 0
	for cut < len(sv.Questions) && (len(sv.Questions)-cut > MaxQuestions || now.Sub(sv.Questions[cut].At) > retention) {
		cut++
	}
	sv.Questions = append([]Question(nil), sv.Questions[cut:]...)
	for len(sv.Votes) > MaxVoted {
		oldest, at := "", time.Time{}
		for k, v := range sv.Votes {
			if oldest == "" || v.At.Before(at) {
				oldest, at = k, v.At
			}
		}
		delete(sv.Votes, oldest)
	}
}

// Vote results.
type VoteResult int

const (
	VoteNew     VoteResult = iota // a first vote on this answer
	VoteChanged                   // the voter changed their vote
	VoteSame                      // the voter had voted so already
)

// Vote records a voter's 👍 (up) or 👎 on an answer, once per voter: a
// second vote replaces the first. The voter id is kept only hashed.
func (s *Store) Vote(guild, answer, voter, question string, up bool) (VoteResult, error) {
	if answer == "" || voter == "" {
		return VoteNew, errors.New("insights: a vote needs an answer and a voter")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sv, err := s.load(guild)
	if err != nil {
		return VoteNew, err
	}
	v := sv.Votes[answer]
	if v == nil {
		v = &votes{Voters: map[string]bool{}}
		sv.Votes[answer] = v
	}
	if q := clip(strings.Join(strings.Fields(question), " "), MaxQuestionLen); q != "" {
		v.Question = q
	}
	v.At = s.now().UTC()
	h := s.hash(guild, voter)
	res := VoteNew
	if was, ok := v.Voters[h]; ok {
		res = VoteChanged
		if was == up {
			res = VoteSame
		}
	}
	v.Voters[h] = up
	s.prune(sv, s.now())
	if err := s.save(guild, sv); err != nil {
		return res, err
	}
	return res, nil
}

// hash is a voter's id as kept: an HMAC under the store's secret, so that
// it can be compared but not reversed or matched across stores.
func (s *Store) hash(guild, voter string) string {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte(guild + ":" + voter))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// SetChannelMode sets how the bot answers in a channel (ModeReply clears it).
func (s *Store) SetChannelMode(guild, channel, mode string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sv, err := s.load(guild)
	if err != nil {
		return err
	}
	if mode == ModeReply {
		delete(sv.Channels, channel)
	} else {
		sv.Channels[channel] = mode
	}
	return s.save(guild, sv)
}

// ChannelMode is how the bot answers in a channel; ModeReply when unset or
// when the store cannot be read.
func (s *Store) ChannelMode(guild, channel string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	sv, err := s.load(guild)
	if err != nil {
		return ModeReply
	}
	return sv.Channels[channel]
}

// Voted is an answer's tally.
type Voted struct {
	Question string
	Up, Down int
	At       time.Time
}

// Topic is a word that many questions asked about.
type Topic struct {
	Word  string
	Count int
}

// Report is what a moderator sees.
type Report struct {
	Questions int        // questions kept
	Misses    []Question // recent questions the readings did not answer, newest first
	Downvoted []Voted    // answers with more 👎 than 👍, newest first
	Topics    []Topic    // the words most questions asked about
}

// Report summarises a server's insights, at most n entries in each list.
func (s *Store) Report(guild string, n int) (Report, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sv, err := s.load(guild)
	if err != nil {
		return Report{}, err
	}
	r := Report{Questions: len(sv.Questions)}
	seen := map[string]bool{}
	for i := len(sv.Questions) - 1; i >= 0 && len(r.Misses) < n; i-- {
		q := sv.Questions[i]
		if k := strings.ToLower(q.Text); q.Outcome == NotFound && !seen[k] {
			seen[k] = true
			r.Misses = append(r.Misses, q)
		}
	}
	for _, v := range sv.Votes {
		t := Voted{Question: v.Question, At: v.At}
		for _, up := range v.Voters {
			if up {
				t.Up++
			} else {
				t.Down++
			}
		}
		if t.Down > t.Up {
			r.Downvoted = append(r.Downvoted, t)
		}
	}
	sort.Slice(r.Downvoted, func(i, j int) bool { return r.Downvoted[i].At.After(r.Downvoted[j].At) })
	if len(r.Downvoted) > n {
		r.Downvoted = r.Downvoted[:n]
	}
	r.Topics = topics(sv.Questions, n)
	return r, nil
}

// topics counts, for each content word, how many questions use it.
func topics(qs []Question, n int) []Topic {
	count := map[string]int{}
	for _, q := range qs {
		seen := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(q.Text), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
			w = strings.Trim(w, "-")
			if len([]rune(w)) < 4 || stopwords[w] || seen[w] {
				continue
			}
			seen[w] = true
			count[w]++
		}
	}
	var ts []Topic
	for w, c := range count {
		if c > 1 {
			ts = append(ts, Topic{Word: w, Count: c})
		}
	}
	sort.Slice(ts, func(i, j int) bool {
		if ts[i].Count != ts[j].Count {
			return ts[i].Count > ts[j].Count
		}
		return ts[i].Word < ts[j].Word
	})
	if len(ts) > n {
		ts = ts[:n]
	}
	return ts
}

// stopwords are the words of four letters or more that name no topic.
var stopwords = wordSet(`what when where which while whom whose why with within without would could should
		does doing done have having about above after again against also among because been before being below between both
		came come comes during each from further here into just more most much only other over same some such than that
		their them then there these they this those through under until upon very were will your yours mean means meaning
		explain tell said says according reading readings text author think thinks does make makes made many like well
		even ever still really something anything give example examples describe define definition`)

// wordSet makes a set of the words in s.
func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Clear forgets a server's questions and votes (its channel modes stay).
func (s *Store) Clear(guild string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sv, err := s.load(guild)
	if err != nil {
		return err
	}
	sv.Questions = nil
	sv.Votes = map[string]*votes{}
	return s.save(guild, sv)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
