package tomlpos

import (
	"fmt"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/google/go-cmp/cmp"
)

// at builds a Location; kl/kc is the key position and vl/vc the value position.
func at(path, bare string, kl, kc, vl, vc int) Location {
	return Location{Path: path, Bare: bare, Key: Pos{kl, kc}, Value: Pos{vl, vc}}
}

// same builds a Location whose key and value positions coincide (headers, implicit tables,
// array elements).
func same(path, bare string, l, c int) Location { return at(path, bare, l, c, l, c) }

func TestLocations(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []Location
	}{
		{"empty", "", nil},
		{"only comments", "# a = 1\n\n  # [b]\n", nil},
		{"bare keys", "a = 1\nb-2_c = \"x\"\n", []Location{
			at("a", "a", 1, 1, 1, 5), at("b-2_c", "b-2_c", 2, 1, 2, 9)}},
		{"quoted keys", "\"a.b\" = 1\n'c d' = 2\n\"q\\\"t\" = 3\n\"\\u00e9\" = 4\n\"\" = 5\n", []Location{
			at(`"a.b"`, `"a.b"`, 1, 1, 1, 9), at(`"c d"`, `"c d"`, 2, 1, 2, 9),
			at(`"q\"t"`, `"q\"t"`, 3, 1, 3, 10), at(`"é"`, `"é"`, 4, 1, 4, 12),
			at(`""`, `""`, 5, 1, 5, 6)}},
		{"dotted keys", "a . b.c = 1\na.d = 2\n", []Location{
			same("a", "a", 1, 1), same("a.b", "a.b", 1, 1), at("a.b.c", "a.b.c", 1, 1, 1, 11),
			at("a.d", "a.d", 2, 1, 2, 7)}},
		{"quoted dotted key", "site.\"google.com\" = true\n", []Location{
			same("site", "site", 1, 1), at(`site."google.com"`, `site."google.com"`, 1, 1, 1, 21)}},
		{"table header", "[a.b]\nc = 1\n", []Location{
			same("a", "a", 1, 2), same("a.b", "a.b", 1, 2), at("a.b.c", "a.b.c", 2, 1, 2, 5)}},
		{"header with spaces and quotes", "[ a . \"b c\" ]  # t\nd = 1\n", []Location{
			same("a", "a", 1, 3), same(`a."b c"`, `a."b c"`, 1, 3),
			at(`a."b c".d`, `a."b c".d`, 2, 1, 2, 5)}},
		{"super table after sub table", "[a.b]\n[a]\nx = 1\n", []Location{
			same("a", "a", 1, 2), same("a.b", "a.b", 1, 2), same("a", "a", 2, 2),
			at("a.x", "a.x", 3, 1, 3, 5)}},
		{"keys before and after headers", "top = 1\n[t]\nk = 2\n", []Location{
			at("top", "top", 1, 1, 1, 7), same("t", "t", 2, 2), at("t.k", "t.k", 3, 1, 3, 5)}},
		{"array of tables", "[[s]]\nn = 1\n[[s]]\nn = 2\n", []Location{
			same("s", "s", 1, 3), same("s[0]", "s", 1, 3), at("s[0].n", "s.n", 2, 1, 2, 5),
			same("s[1]", "s", 3, 3), at("s[1].n", "s.n", 4, 1, 4, 5)}},
		{"nested arrays of tables", "[[a]]\n[[a.b]]\n[[a.b]]\n[[a]]\n[[a.b]]\n", []Location{
			same("a", "a", 1, 3), same("a[0]", "a", 1, 3), same("a[0].b", "a.b", 2, 3),
			same("a[0].b[0]", "a.b", 2, 3), same("a[0].b[1]", "a.b", 3, 3),
			same("a[1]", "a", 4, 3), same("a[1].b", "a.b", 5, 3), same("a[1].b[0]", "a.b", 5, 3)}},
		{"sub-table of array element", "[[services]]\n[[services]]\n[[services]]\nname = \"c\"\n" +
			"[services.deployment_configuration]\nmaximum_percent = 200\n", []Location{
			same("services", "services", 1, 3), same("services[0]", "services", 1, 3),
			same("services[1]", "services", 2, 3), same("services[2]", "services", 3, 3),
			at("services[2].name", "services.name", 4, 1, 4, 8),
			same("services[2].deployment_configuration", "services.deployment_configuration", 5, 2),
			at("services[2].deployment_configuration.maximum_percent",
				"services.deployment_configuration.maximum_percent", 6, 1, 6, 19)}},
		{"dotted key in array element", "[[s]]\nx.y = 1\n", []Location{
			same("s", "s", 1, 3), same("s[0]", "s", 1, 3), same("s[0].x", "s.x", 2, 1),
			at("s[0].x.y", "s.x.y", 2, 1, 2, 7)}},
		{"inline tables", "x = { a = 1, b = { c = 2 } }\n", []Location{
			at("x", "x", 1, 1, 1, 5), at("x.a", "x.a", 1, 7, 1, 11), at("x.b", "x.b", 1, 14, 1, 18),
			at("x.b.c", "x.b.c", 1, 20, 1, 24)}},
		{"inline table with dotted key", "x = { a.b = 1, a.c = 2 }\n", []Location{
			at("x", "x", 1, 1, 1, 5), same("x.a", "x.a", 1, 7), at("x.a.b", "x.a.b", 1, 7, 1, 13),
			at("x.a.c", "x.a.c", 1, 16, 1, 22)}},
		{"multi-line inline table", "x = {\n  a = 1, # one\n  b = 2,\n}\n", []Location{
			at("x", "x", 1, 1, 1, 5), at("x.a", "x.a", 2, 3, 2, 7), at("x.b", "x.b", 3, 3, 3, 7)}},
		{"empty containers", "a = []\nb = {}\n", []Location{
			at("a", "a", 1, 1, 1, 5), at("b", "b", 2, 1, 2, 5)}},
		{"array", "x = [1, 2, 3]\n", []Location{
			at("x", "x", 1, 1, 1, 5), same("x[0]", "x", 1, 6), same("x[1]", "x", 1, 9),
			same("x[2]", "x", 1, 12)}},
		{"multi-line array with comments", "x = [ # open\n  \"a\", # one\n\n  'b',\n  # gap\n]\n", []Location{
			at("x", "x", 1, 1, 1, 5), same("x[0]", "x", 2, 3), same("x[1]", "x", 4, 3)}},
		{"array of inline tables", "placement_strategy = [ { type = \"spread\", field = \"x\" }, { type = \"binpack\" } ]\n",
			[]Location{
				at("placement_strategy", "placement_strategy", 1, 1, 1, 22),
				same("placement_strategy[0]", "placement_strategy", 1, 24),
				at("placement_strategy[0].type", "placement_strategy.type", 1, 26, 1, 33),
				at("placement_strategy[0].field", "placement_strategy.field", 1, 43, 1, 51),
				same("placement_strategy[1]", "placement_strategy", 1, 58),
				at("placement_strategy[1].type", "placement_strategy.type", 1, 60, 1, 67)}},
		{"nested arrays", "x = [[1, 2], [3]]\n", []Location{
			at("x", "x", 1, 1, 1, 5), same("x[0]", "x", 1, 6), same("x[0][0]", "x", 1, 7),
			same("x[0][1]", "x", 1, 10), same("x[1]", "x", 1, 14), same("x[1][0]", "x", 1, 15)}},
		{"basic strings with escapes", "a = \"q\\\"]#,}\\\\\" # c\nb = \"\\u00e9\\\\\"\nc = 1\n", []Location{
			at("a", "a", 1, 1, 1, 5), at("b", "b", 2, 1, 2, 5), at("c", "c", 3, 1, 3, 5)}},
		{"literal strings", "a = 'C:\\dir\\'\nb = ['x]', '#']\n", []Location{
			at("a", "a", 1, 1, 1, 5), at("b", "b", 2, 1, 2, 5), same("b[0]", "b", 2, 6),
			same("b[1]", "b", 2, 12)}},
		{"multi-line basic string", "a = \"\"\"\nq \" \"\" ]\n# no\nk = 1\\\"\"\"\"\"\"\nb = 2\n", []Location{
			at("a", "a", 1, 1, 1, 5), at("b", "b", 5, 1, 5, 5)}},
		{"multi-line literal string", "a = '''\n'' x = 1 [t]\n'''\nb = ['''\n]''', 2]\n", []Location{
			at("a", "a", 1, 1, 1, 5), at("b", "b", 4, 1, 4, 5), same("b[0]", "b", 4, 6),
			same("b[1]", "b", 5, 7)}},
		{"scalars", "d = 1979-05-27T07:32:00Z # c\nt = [1979-05-27 07:32:00, inf, -nan, true, 0x1F, 6.02e+23]\n",
			[]Location{
				at("d", "d", 1, 1, 1, 5), at("t", "t", 2, 1, 2, 5), same("t[0]", "t", 2, 6),
				same("t[1]", "t", 2, 27), same("t[2]", "t", 2, 32), same("t[3]", "t", 2, 38),
				same("t[4]", "t", 2, 44), same("t[5]", "t", 2, 50)}},
		{"CRLF", "a = 1\r\n[t]\r\nb = [\r\n  2, # c\r\n]\r\n", []Location{
			at("a", "a", 1, 1, 1, 5), same("t", "t", 2, 2), at("t.b", "t.b", 3, 1, 3, 5),
			same("t.b[0]", "t.b", 4, 3)}},
		{"columns count runes", "s = \"日本語\" # 説明\n\"ключ\" = { \"é\" = \"ü\", x = 1 }\n", []Location{
			at("s", "s", 1, 1, 1, 5), at(`"ключ"`, `"ключ"`, 2, 1, 2, 10),
			at(`"ключ"."é"`, `"ключ"."é"`, 2, 12, 2, 18), at(`"ключ".x`, `"ключ".x`, 2, 23, 2, 27)}},
		{"UTF-8 BOM", "\xef\xbb\xbfa = 1\n", []Location{at("a", "a", 1, 1, 1, 5)}},
		{"malformed input stops", "a = 1\nb = \nc = 3\n", []Location{
			at("a", "a", 1, 1, 1, 5), at("b", "b", 2, 1, 2, 5)}},
		{"unterminated array", "a = [1,\n", []Location{at("a", "a", 1, 1, 1, 5), same("a[0]", "a", 1, 6)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, locations([]byte(tt.src))); diff != "" {
				t.Errorf("locations(%q) mismatch (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

func TestQuoteKeyMatchesDecoder(t *testing.T) {
	keys := []string{"", "plain", "with.dot", "with space", `q"uote`, `back\slash`, "é", "日本",
		"tab\there", "nl\nx", "del\x7f", "bell\a", "-_09az", "a]b[c", "'single'"}
	for b := 0; b < 256; b++ {
		keys = append(keys, string([]byte{byte(b)}))
	}
	for _, k := range keys {
		if got, want := QuoteKey(k), (toml.Key{k}).String(); got != want {
			t.Errorf("QuoteKey(%q) = %s, want %s", k, got, want)
		}
	}
	if got, want := Join(Join(Join("", "a b"), "c"), "d.e"), (toml.Key{"a b", "c", "d.e"}).String(); got != want {
		t.Errorf("join = %s, want %s", got, want)
	}
}

const indexDoc = `"a.b" = 1
[[services]]
name = "web"
[[services]]
name = "api"
placement_strategy = [
  { type = "spread", field = "az" },
]
[services.deployment_configuration]
maximum_percent = 200
`

func TestIndex(t *testing.T) {
	ix := NewIndex([]byte(indexDoc))
	if got, ok := ix.Find("services[1].placement_strategy[0].field"); !ok ||
		got != at("services[1].placement_strategy[0].field", "services.placement_strategy.field", 7, 22, 7, 30) {
		t.Errorf("Find = %+v, %v", got, ok)
	}
	if _, ok := ix.Find("services[2]"); ok {
		t.Error("Find(services[2]) found a missing element")
	}
	wantBare := []Location{at("services[0].name", "services.name", 3, 1, 3, 8),
		at("services[1].name", "services.name", 5, 1, 5, 8)}
	if diff := cmp.Diff(wantBare, ix.FindBare("services.name")); diff != "" {
		t.Errorf("FindBare(services.name) mismatch (-want +got):\n%s", diff)
	}
	wantArrays := []Location{same("services", "services", 2, 3), same("services[0]", "services", 2, 3),
		same("services[1]", "services", 4, 3)}
	if diff := cmp.Diff(wantArrays, ix.FindBare("services")); diff != "" {
		t.Errorf("FindBare(services) mismatch (-want +got):\n%s", diff)
	}
	if got := ix.FindBare("nope"); got != nil {
		t.Errorf("FindBare(nope) = %v, want nil", got)
	}
}

func TestIndexFirstOccurrenceWins(t *testing.T) {
	ix := NewIndex([]byte("[a.b]\nx = 1\n[a]\ny = 2\n"))
	if got, _ := ix.Find("a"); got != same("a", "a", 1, 2) {
		t.Errorf("Find(a) = %+v, want the implicit table from [a.b]", got)
	}
	if got := ix.FindBare("a"); len(got) != 1 {
		t.Errorf("FindBare(a) = %+v, want one location per distinct path", got)
	}
}

func TestNearest(t *testing.T) {
	ix := NewIndex([]byte(indexDoc))
	tests := []struct {
		path, want string // want is the Path of the returned location
		ok         bool
	}{
		{"services[1].name", "services[1].name", true},
		{"services[1].cpu", "services[1]", false},
		{"services[1].placement_strategy[3].field", "services[1].placement_strategy", false},
		{"services[1].placement_strategy[0].weight", "services[1].placement_strategy[0]", false},
		{"services[7]", "services", false},
		{"services[1].deployment_configuration.x.y", "services[1].deployment_configuration", false},
		{`"a.b"`, `"a.b"`, true},
		{`"a.b".c`, `"a.b"`, false},
		{`"a.b[0]"`, "", false},
		{"missing.key", "", false},
	}
	for _, tt := range tests {
		got, ok := ix.Nearest(tt.path)
		if got.Path != tt.want || ok != tt.ok {
			t.Errorf("Nearest(%s) = %s, %v; want %s, %v", tt.path, got.Path, ok, tt.want, tt.ok)
		}
		if tt.want == "" && (got.Key != Pos{1, 1} || got.Value != Pos{1, 1}) {
			t.Errorf("Nearest(%s) = %+v, want Pos{1,1}", tt.path, got)
		}
	}
}

// TestLargeInputs guards against quadratic column counting on long lines and unbounded
// recursion on deeply nested values.
func TestLargeInputs(t *testing.T) {
	const n = 100000
	long := "a = [" + strings.Repeat("0,", n) + "]\n"
	locs := locations([]byte(long))
	if len(locs) != n+1 || locs[n] != same(fmt.Sprintf("a[%d]", n-1), "a", 1, 2*n+4) {
		t.Errorf("long line: %d locations, last %+v", len(locs), locs[len(locs)-1])
	}
	deep := "a = " + strings.Repeat("[", 5*maxDepth) + strings.Repeat("]", 5*maxDepth) + "\nb = 1\n"
	if locs := locations([]byte(deep)); len(locs) != maxDepth+1 {
		t.Errorf("deep nesting: %d locations, want %d", len(locs), maxDepth+1)
	}
}
