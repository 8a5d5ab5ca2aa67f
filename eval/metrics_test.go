package eval

import (
	"math"
	"slices"
	"testing"
)

// near reports whether two figures agree to within rounding error.
func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// set makes a relevance set of document ids.
func set(ids ...string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// disc is the log2 discount of a 1-based rank.
func disc(rank int) float64 { return 1 / math.Log2(float64(rank+1)) }

func TestAveragePrecision(t *testing.T) {
	tests := []struct {
		name     string
		ranked   []string
		relevant map[string]bool
		want     float64
	}{
		{"perfect", []string{"a", "b", "x"}, set("a", "b"), 1},
		{"hand computed", []string{"x", "a", "y", "b"}, set("a", "b"), (1.0/2 + 2.0/4) / 2},
		{"relevant not retrieved count", []string{"a"}, set("a", "b", "c", "d"), 1.0 / 4},
		{"none relevant retrieved", []string{"x", "y"}, set("a"), 0},
		{"empty results", nil, set("a"), 0},
		{"no relevant documents", []string{"a"}, set(), 0},
		{"repeat counts once", []string{"a", "a", "b"}, set("a", "b"), (1.0 + 2.0/3) / 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AveragePrecision(tt.ranked, tt.relevant); !near(got, tt.want) {
				t.Errorf("AveragePrecision(%v, %v) = %v, want %v", tt.ranked, tt.relevant, got, tt.want)
			}
		})
	}
}

func TestNDCG(t *testing.T) {
	ten := []string{"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "a", "b"}
	tests := []struct {
		name     string
		ranked   []string
		relevant map[string]bool
		want     float64
	}{
		{"perfect", []string{"a", "b"}, set("a", "b"), 1},
		{"hand computed", []string{"x", "a", "y", "b"}, set("a", "b"),
			(disc(2) + disc(4)) / (disc(1) + disc(2))},
		{"fewer than 10 results, more relevant than results", []string{"a", "x"}, set("a", "b", "c"),
			disc(1) / (disc(1) + disc(2) + disc(3))},
		{"empty results", nil, set("a"), 0},
		{"nothing relevant", []string{"a"}, set(), 0},
		{"rank 11 is cut off", ten, set("a", "b"), disc(10) / (disc(1) + disc(2))},
		{"ideal capped at 10", []string{"r1"}, set("r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12"),
			disc(1) / (disc(1) + disc(2) + disc(3) + disc(4) + disc(5) + disc(6) + disc(7) + disc(8) + disc(9) + disc(10))},
		{"repeat counts once", []string{"a", "a"}, set("a", "b"), disc(1) / (disc(1) + disc(2))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NDCG(tt.ranked, tt.relevant, 10); !near(got, tt.want) {
				t.Errorf("NDCG(%v, %v, 10) = %v, want %v", tt.ranked, tt.relevant, got, tt.want)
			}
		})
	}
}

func TestHitAtAndReciprocalRank(t *testing.T) {
	tests := []struct {
		name             string
		hits             []bool
		at1, at3, at5    bool
		reciprocalRank   float64
		firstHitExpected int
	}{
		{"first", []bool{true, false}, true, true, true, 1, 1},
		{"third", []bool{false, false, true}, false, true, true, 1.0 / 3, 3},
		{"fifth", []bool{false, false, false, false, true, true}, false, false, true, 1.0 / 5, 5},
		{"sixth", []bool{false, false, false, false, false, true}, false, false, false, 1.0 / 6, 6},
		{"none", []bool{false}, false, false, false, 0, 0},
		{"empty", nil, false, false, false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HitAt(tt.hits, 1); got != tt.at1 {
				t.Errorf("HitAt(%v, 1) = %v, want %v", tt.hits, got, tt.at1)
			}
			if got := HitAt(tt.hits, 3); got != tt.at3 {
				t.Errorf("HitAt(%v, 3) = %v, want %v", tt.hits, got, tt.at3)
			}
			if got := HitAt(tt.hits, 5); got != tt.at5 {
				t.Errorf("HitAt(%v, 5) = %v, want %v", tt.hits, got, tt.at5)
			}
			if got := ReciprocalRank(tt.hits); !near(got, tt.reciprocalRank) {
				t.Errorf("ReciprocalRank(%v) = %v, want %v", tt.hits, got, tt.reciprocalRank)
			}
			if got := firstHit(tt.hits); got != tt.firstHitExpected {
				t.Errorf("firstHit(%v) = %v, want %v", tt.hits, got, tt.firstHitExpected)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"China’s  “impressive”\n growth", `china's "impressive" growth`},
		{"‘single’ ‚low‛ „double‟", `'single' 'low' "double"`},
		{"  Tabs\tand\u00a0no-break\r\nspaces  ", "tabs and no-break spaces"},
		{"UPPER Ünïcode", "upper ünïcode"},
		{"", ""},
		{" \n ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestContainsNormalized(t *testing.T) {
	tests := []struct {
		name             string
		haystack, needle string
		want             bool
	}{
		{"curly in gold, straight in text", "This was made possible by China's impressive growth.", "China’s impressive growth", true},
		{"straight in gold, curly in text", "Russia’s interests “aren’t large enough”.", `interests "aren't large`, true},
		{"case and whitespace", "An approach for\n  separating opposing allies", "an approach for separating OPPOSING allies", true},
		{"absent", "something else", "approach", false},
		{"empty needle", "anything", "  ", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ContainsNormalized(tt.haystack, tt.needle); got != tt.want {
				t.Errorf("ContainsNormalized(%q, %q) = %v, want %v", tt.haystack, tt.needle, got, tt.want)
			}
		})
	}
}

func TestDistinctDocs(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"keeps first occurrence", []string{"3", "2", "3", "1", "2"}, []string{"3", "2", "1"}},
		{"drops empty ids", []string{"", "a", ""}, []string{"a"}},
		{"empty", nil, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DistinctDocs(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("DistinctDocs(%v) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParagraphHit(t *testing.T) {
	para := Normalize("Sky (United Kingdom) was formerly known as BSkyB. It is large.")
	title := Normalize("Sky (United Kingdom)")
	tests := []struct {
		name, passage string
		want          bool
	}{
		{"same paragraph", "Sky (United Kingdom) was formerly  known as BSkyB.\nIt is large.", true},
		{"passage inside paragraph", "It is large.", true},
		{"passage contains paragraph", "Intro. Sky (United Kingdom) was formerly known as BSkyB. It is large. More.", true},
		{"title passage does not count", "Sky (United Kingdom)", false},
		{"other text", "Fresno is a city.", false},
		{"empty passage", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := paragraphHit(Normalize(tt.passage), para, title); got != tt.want {
				t.Errorf("paragraphHit(%q) = %v, want %v", tt.passage, got, tt.want)
			}
		})
	}
}

func TestSameQuestion(t *testing.T) {
	long := "What problems and concerns are there in making up descriptive titles? What difficulties are involved?"
	tests := []struct {
		name, echoed, sent string
		want               bool
	}{
		{"identical", "What is wedging?", "What is wedging?", true},
		{"trimmed and respaced", " What is  wedging? ", "What is wedging?", true},
		{"truncated long question", long[:60], long, true},
		{"no echo", "", "What is wedging?", true},
		{"different", "What is bloodletting?", "What is wedging?", false},
		{"different long", "What difficulties are involved in automatically retrieving articles?", long, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sameQuestion(tt.echoed, tt.sent); got != tt.want {
				t.Errorf("sameQuestion(%q, %q) = %v, want %v", tt.echoed, tt.sent, got, tt.want)
			}
		})
	}
}

func TestTargets(t *testing.T) {
	tests := []struct {
		kind   string
		dev    bool
		metric string
		want   float64
		ok     bool
	}{
		{SetEssay, false, MetricHit1, 0.93, true},
		{SetEssay, true, MetricHit1, 0.95, true},
		{SetEssay, true, MetricHit3, 0.98, true},
		{SetEssay, false, MetricExcerpt1, 0.85, true},
		{SetEssay, false, MetricNoneAccuracy, 0.83, true},
		{SetCranfield, false, MetricNDCG10, 0.56, true},
		{SetCranfield, false, MetricMAP, 0, false},
		{SetCISI, false, MetricNDCG10, 0.42, true},
		{SetSQuAD, false, MetricHit1, 0.85, true},
		{SetSQuAD, false, MetricAnswerInExcerpt, 0.65, true},
		{SetSQuAD, false, MetricHit5, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.kind+" "+tt.metric, func(t *testing.T) {
			got, ok := targetFor(tt.kind, tt.dev, tt.metric)
			if ok != tt.ok || got != tt.want {
				t.Errorf("targetFor(%s, dev=%v, %s) = %v, %v; want %v, %v", tt.kind, tt.dev, tt.metric, got, ok, tt.want, tt.ok)
			}
		})
	}
	for _, tg := range Targets() {
		if tg.Min <= 0 || tg.Min > 1 {
			t.Errorf("target %+v: minimum out of range", tg)
		}
	}
}
