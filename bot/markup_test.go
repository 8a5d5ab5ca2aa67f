package bot

import "testing"

// TestStripMarkup checks that mentions, links, emoji, timestamps and
// command links go, including one that removing another makes.
func TestStripMarkup(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"what is <#1245000000000000000> wedging", "what is  wedging"},
		{"<@123> <@!456> <@&789> hi", "   hi"},
		{"<:wedge:123> <t:1700000000:R> </ask:42>", "  "},
		{"<#000<#0000000000000000000>>", ""},
		{"<@1<@2<@3>>> nested", " nested"},
		{"a < b and c > d", "a < b and c > d"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := stripMarkup(tc.in); got != tc.want {
				t.Errorf("stripMarkup(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestPlainQuestion checks that markup tidying makes (a space before a
// colon taken out) is stripped too, and that the question is tidied.
func TestPlainQuestion(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<@!0<a:0 :0>00000", "<@!000000"},
		{"what is <a:wedge :12> wedging ?", "what is wedging ?"},
		{"  <@1> , what is balancing", "what is balancing"},
		{"a < b :c > d", "a < b:c > d"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := plainQuestion(tc.in); got != tc.want {
				t.Errorf("plainQuestion(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
