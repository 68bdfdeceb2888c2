/**
 * The markup of the dialogue phrases page: one section per dialogue act with what the act
 * does, its phrase lists and its reply, the two languages side by side (stacked on a phone),
 * each problem under its field.
 */
import type { Language } from '../../shared/language.js';
import { csrfField, field, fieldErrors } from '../shared/consolePage.js';
import { html, type SafeHtml } from '../shared/html.js';
import type { ConsoleTexts } from '../shared/texts/consoleTexts.js';
import { ACT_LISTS, actFieldName, type ActForm, type DialogueActsForm } from './dialogueActsForm.js';

/** Where the page lives. */
export const DIALOGUE_ACTS_PATH = '/admin/content/dialogue-acts';

/** What the page shows. */
export interface DialogueActsView {
  t: ConsoleTexts;
  csrf: string;
  form: DialogueActsForm;
  errors: Record<string, string[]>;
  /** The hash of `dialogue-acts.yaml` the form was opened on, for edit conflicts. */
  baseHash: string;
}

/** The dialogue phrases form. */
export function renderDialogueActsForm(v: DialogueActsView): SafeHtml {
  const t = v.t.dialogueActs;
  return html`<p>${t.intro}</p><p class="note" data-testid="comments-note">${t.commentsNote}</p>
  <form method="post" action="${DIALOGUE_ACTS_PATH}" data-testid="dialogue-acts-form">
    ${csrfField(v.csrf)}<input type="hidden" name="baseHash" value="${v.baseHash}">
    ${v.errors._ && html`<div class="flash error" data-testid="form-problems"><p>${t.problems}</p>${fieldErrors(v.errors, '_')}</div>`}
    ${v.form.acts.map((act) => renderAct(v, act))}
    <p class="actions"><button type="submit" class="primary" data-testid="save">${t.save}</button></p>
  </form>`;
}

function renderAct(v: DialogueActsView, act: ActForm): SafeHtml {
  const t = v.t.dialogueActs;
  const names = t.acts[act.id];
  const language = (l: Language) => html`<fieldset class="language" lang="${l === 'zh' ? 'zh-CN' : 'en'}"><legend>${l === 'zh' ? v.t.entry.languageZh : v.t.entry.languageEn}</legend>
    ${ACT_LISTS.map((list) => {
      const pair = act.lists[list];
      return pair && field({ name: actFieldName(act.id, list, l), label: t[list], value: pair[l], type: 'textarea', rows: list === 'whole' ? 6 : 4, errors: v.errors });
    })}
    ${act.reply && field({ name: actFieldName(act.id, 'reply', l), label: t.reply, value: act.reply[l], type: 'textarea', rows: 2, hint: t.replyHint, errors: v.errors })}
  </fieldset>`;
  return html`<section class="card" id="act-${act.id}" data-testid="act-${act.id}"><h2>${names.name} <small>(${act.id})</small></h2><p class="note">${names.does}</p>
    <div class="languages">${language('zh')}${language('en')}</div></section>`;
}
