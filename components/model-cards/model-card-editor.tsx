"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Markdown } from "@/components/ui/markdown";
import { Ago } from "@/components/ui/time";
import { ApiError } from "@/lib/client/http";
import { useUpdateModelCard } from "@/lib/client/model-cards";
import { assessModelCard, MODEL_CARD_SECTIONS } from "@/lib/domain/model-cards/model-card";
import type { TModelCard } from "@/lib/schemas/model-cards";

type Tab = "card" | "write" | "preview";

/** Completeness in one line, as the gate requirement "model card complete" judges it. */
function Completeness({ markdown }: { markdown: string }) {
  const a = assessModelCard(markdown);
  const todo = [...a.missing, ...a.empty];
  return (
    <p
      className={cn(
        "text-xs",
        a.complete ? "text-emerald-700 dark:text-emerald-400" : "text-amber-700 dark:text-amber-400",
      )}
      data-testid="card-completeness"
    >
      {a.complete
        ? `Complete: all ${MODEL_CARD_SECTIONS.length} sections written.`
        : `${MODEL_CARD_SECTIONS.length - todo.length} of ${MODEL_CARD_SECTIONS.length} sections written — still to write: ${todo.join(", ")}.`}
    </p>
  );
}

/**
 * The model card: rendered for everyone; people who may change the model get Write and Preview tabs. A model
 * without a card starts from the Model Cards template; nothing is stored until Save.
 */
export function ModelCardEditor({ card, canEdit }: { card: TModelCard; canEdit: boolean }) {
  const router = useRouter();
  const [tab, setTab] = useState<Tab>("card");
  const [draft, setDraft] = useState<string | null>(null);
  const save = useUpdateModelCard(card.modelId);
  const text = draft ?? (card.markdown || card.template);
  const err = save.error instanceof ApiError ? save.error : null;
  const editing = tab !== "card";
  const tabs: { id: Tab; label: string }[] = editing
    ? [
        { id: "write", label: "Write" },
        { id: "preview", label: "Preview" },
      ]
    : [];
  return (
    <div data-testid="model-card">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        {editing ? (
          <div role="tablist" aria-label="Model card editor" className="flex gap-1">
            {tabs.map((t) => (
              <button
                key={t.id}
                role="tab"
                type="button"
                aria-selected={tab === t.id}
                onClick={() => setTab(t.id)}
                className={cn(
                  "rounded-md px-2.5 py-1 text-xs font-medium",
                  tab === t.id
                    ? "bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900"
                    : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800",
                )}
              >
                {t.label}
              </button>
            ))}
          </div>
        ) : (
          <span className="text-xs text-slate-500 dark:text-slate-400">
            {card.updatedAt ? (
              <>
                Updated <Ago iso={card.updatedAt} />
                {card.updatedBy ? ` by ${card.updatedBy.name}` : ""}
              </>
            ) : (
              "No card written yet."
            )}
          </span>
        )}
        {canEdit && !editing && (
          <Button size="sm" variant="secondary" onClick={() => setTab("write")}>
            {card.markdown ? "Edit card" : "Write the card"}
          </Button>
        )}
      </div>
      {tab === "card" &&
        (card.markdown ? (
          <Markdown source={card.markdown} />
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            This model has no card.{" "}
            {canEdit
              ? "Write one from the template: intended use, factors, metrics, evaluation and training data, ethical considerations, caveats."
              : "Its owners write it."}
          </p>
        ))}
      {tab === "card" && card.markdown && (
        <div className="mt-3 border-t border-slate-100 pt-2 dark:border-slate-800">
          <Completeness markdown={card.markdown} />
        </div>
      )}
      {editing && (
        <form
          aria-label="Edit model card"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(
              { markdown: text },
              {
                onSuccess: () => {
                  setDraft(null);
                  setTab("card");
                  router.refresh();
                },
              },
            );
          }}
        >
          {tab === "write" ? (
            <textarea
              aria-label="Model card (markdown)"
              value={text}
              onChange={(e) => setDraft(e.target.value)}
              rows={22}
              spellCheck
              className="block w-full rounded-md border border-slate-300 bg-white p-3 font-mono text-xs leading-relaxed text-slate-900 focus:outline-none focus:ring-2 focus:ring-brand-500/30 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
            />
          ) : (
            <div
              className="min-h-48 rounded-md border border-slate-200 p-3 dark:border-slate-700"
              data-testid="card-preview"
            >
              <Markdown source={text} />
            </div>
          )}
          <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
            <Completeness markdown={text} />
            <div className="flex gap-2">
              <Button
                type="button"
                size="sm"
                variant="ghost"
                onClick={() => {
                  setDraft(null);
                  setTab("card");
                  save.reset();
                }}
              >
                Cancel
              </Button>
              <Button type="submit" size="sm" disabled={save.isPending}>
                {save.isPending ? "Saving…" : "Save card"}
              </Button>
            </div>
          </div>
          {err && (
            <p role="alert" className="mt-2 text-xs text-rose-700">
              {err.fieldError("markdown") ?? err.message}
            </p>
          )}
          <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
            GitHub-flavoured markdown: headings, tables, task lists, code blocks. Raw HTML is not rendered; comments
            (&lt;!-- … --&gt;) stay invisible.
          </p>
        </form>
      )}
    </div>
  );
}
