// A webpack loader for the pinned-rules test: edits a rule file's source as a person editing the rules
// would, and refuses to run when the text to replace is not there (so the test cannot pass vacuously).
module.exports = function rewrite(source) {
  const { replacements = [], replaceWith } = this.getOptions();
  if (replaceWith !== undefined) return replaceWith;
  let out = source;
  for (const [from, to] of replacements) {
    if (!out.includes(from)) throw new Error(`rewrite-loader: ${this.resourcePath} has no ${JSON.stringify(from)}`);
    out = out.split(from).join(to);
  }
  return out;
};
