import ReactMarkdown from "react-markdown";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";

/**
 * Renders user-written GitHub-flavoured markdown (tables, task lists, strikethrough, autolinks, footnotes)
 * safely, in two layers: raw HTML is dropped (`skipHtml`), and the resulting tree goes through rehype-sanitize's
 * GitHub schema, which keeps only known elements and attributes, allows http(s)/mailto links only and prefixes
 * ids so a card cannot clobber the page's own. Task-list boxes render disabled.
 */
export function Markdown({ source, empty = "No description." }: { source: string; empty?: string }) {
  if (!source.trim()) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <div className="prose-safe text-sm leading-relaxed text-slate-700 dark:text-slate-300">
      <ReactMarkdown skipHtml remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]}>
        {source}
      </ReactMarkdown>
    </div>
  );
}
