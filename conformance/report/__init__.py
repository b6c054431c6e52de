"""The run's report: a pytest plugin that records what each case did (`recorder`), and the
documents written from it, the summary lines, the Markdown report and the matrix
(`documents`)."""
