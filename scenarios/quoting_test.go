package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMessagesQuoteLittleInput checks that a message quotes at most a cut value of what it
// read: a megabyte string or key is cut to cut.Max characters and "…", and a file of another
// kind named as a trace or an ecs.config (a binary file, a password file) is named with the
// reason, its lines not echoed.
func TestMessagesQuoteLittleInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const secret = "root:x:0:0:root:/root:/bin/bash"
	write("passwd", secret+"\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n")
	write("binary", "\x8c\xb4;\x00\x1b[31m,\xff\xfe\n\x01\x02")
	big := strings.Repeat("B", 1<<19) // below the limit of a string (limits.go)
	const group = "[[instance_groups]]\ntype = \"m6i.large\"\ncount = 1\n"
	const trace = "[[workloads]]\nname = \"jobs\"\ntrace = \"FILE\"\ncolumns = { arrival = \"submit_s\", cpu = \"vcpu\", memory = \"mem_gib\" }\n"
	tests := []struct{ name, src, want, never string }{
		{"half a megabyte value", group + "[[task_definitions]]\nfamily = \"f\"\nmemory = 128\ncontainers = [{ name = \"c\" }]\n" +
			"[[services]]\nname = \"s\"\ntask_definition = \"f\"\ndesired_count = 1\nlaunch_type = \"" + big + "\"\n",
			`got "` + strings.Repeat("B", 80) + `…"`, strings.Repeat("B", 81)},
		{"half a megabyte key", strings.Repeat("k", 1<<19) + " = 1\n" + group, strings.Repeat("k", 80) + "…: unknown key", strings.Repeat("k", 81)},
		{"a password file as a trace", group + strings.Replace(trace, "FILE", "passwd", 1),
			"passwd has none of the columns submit_s, vcpu, mem_gib: it is not a trace with a header row naming them", "root:"},
		{"a binary file as a trace", group + strings.Replace(trace, "FILE", "binary", 1),
			"binary is not a CSV text file", "\x1b"},
		{"a password file as an ecs.config", strings.Replace(group, "count = 1\n", "count = 1\nagent_config = \"passwd\"\n", 1),
			"passwd:1:1: want KEY=VALUE, but the line has no '='", "root:"},
		{"a binary file as an ecs.config", strings.Replace(group, "count = 1\n", "count = 1\nagent_config = \"binary\"\n", 1),
			"binary:1:1: not an ecs.config: the file is not UTF-8 text without control characters", "\x1b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, "scenario.toml")
			write("scenario.toml", "duration = \"1h\"\n"+tc.src)
			_, err := LoadFile(path)
			if err == nil {
				t.Fatal("loaded, want problems")
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) || strings.Contains(msg, tc.never) {
				t.Errorf("got\n%.2000s\nwant it to say %q and never %q", msg, tc.want, tc.never)
			}
		})
	}
}
