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
