import ReactMarkdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

/**
 * Renders user-written GitHub-flavoured markdown (tables, task lists, strikethrough, autolinks, footnotes)
 * safely, in two layers: raw HTML is dropped (`skipHtml`), and the resulting tree goes through rehype-sanitize's
 * GitHub schema, which keeps only known elements and attributes, allows http(s)/mailto links only and prefixes
 * ids so a card cannot clobber the page's own. Task-list boxes render disabled.
 */
// The page owns its one h1: a card's "# Title" renders as h2, and every level below shifts with it.
const SHIFTED_HEADINGS = { h1: "h2", h2: "h3", h3: "h4", h4: "h5", h5: "h6" } as const;

export function Markdown({ source, empty = "No description." }: { source: string; empty?: string }) {
  if (!source.trim()) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <div className="prose-safe text-sm leading-relaxed text-slate-700 dark:text-slate-300">
      <ReactMarkdown
        skipHtml
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeSanitize]}
        components={SHIFTED_HEADINGS}
      >
        {source}
      </ReactMarkdown>
    </div>
  );
}
