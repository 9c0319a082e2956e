import ReactMarkdown from "react-markdown";

/**
 * Renders user-written markdown safely: raw HTML is not rendered (react-markdown escapes it without a
 * rehype-raw plugin) and link/image URLs go through react-markdown's default transform, which drops
 * javascript: and other unsafe schemes.
 */
export function Markdown({ source }: { source: string }) {
  if (!source.trim()) return <p className="text-sm text-slate-500">No description.</p>;
  return (
    <div className="prose-safe text-sm leading-relaxed text-slate-700">
      <ReactMarkdown skipHtml>{source}</ReactMarkdown>
    </div>
  );
}
