package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// GitHub Actions: a Markdown table in the job's summary
// (GITHUB_STEP_SUMMARY) and an ::error annotation per run that did not
// pass (GITHUB_ACTIONS=true).

// writeStepSummary appends the Markdown summary to the file at path.
func writeStepSummary(path string, reports []*runReport) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err == nil {
		err = writeAndClose(f, func(w io.Writer) error { return writeMarkdown(w, reports) })
	}
	if err != nil {
		return fmt.Errorf("GITHUB_STEP_SUMMARY: %w", err)
	}
	return nil
}

// writeMarkdown writes a heading with the tally and a table of the runs.
func writeMarkdown(w io.Writer, reports []*runReport) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### Runscope: %s\n\n", tallyOf(reports))
	b.WriteString("| Test | Region | Environment | Result | Assertions | Duration | Run |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	for _, r := range reports {
		icon := "✅"
		switch {
		case r.Result == resultError:
			icon = "⚠️"
		case !r.passed():
			icon = "❌"
		}
		assertions, duration, link := "-", "-", "-"
		if r.ended() {
			assertions = fmt.Sprintf("%d/%d passed", r.Assertions.Passed, r.Assertions.Defined)
		}
		if d := r.duration(); d > 0 {
			duration = d.Round(time.Millisecond).String()
		}
		if r.URL != "" {
			link = "[view](" + r.URL + ")"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s %s | %s | %s | %s |\n", mdCell(r.testName()), mdCell(r.where()),
			mdCell(r.EnvironmentName), icon, r.Result, assertions, duration, link)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell keeps a Markdown table cell in its cell.
func mdCell(s string) string {
	s = cell(s)
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;").Replace(s)
}

// writeAnnotations prints an ::error workflow command per run that did
// not pass.
func writeAnnotations(w io.Writer, reports []*runReport) {
	for _, r := range reports {
		if r.passed() {
			continue
		}
		title := "Runscope: " + r.display
		msg := r.headline()
		if r.URL != "" {
			msg += "\n" + r.URL
		}
		fmt.Fprintf(w, "::error title=%s::%s\n", escapeProperty(title), escapeData(msg))
	}
}

// escapeData and escapeProperty escape workflow command values as the
// Actions toolkit does.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
