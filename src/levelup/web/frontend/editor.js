// The candidate's editor: CodeMirror 6 with Python highlighting, indentation, bracket matching and
// search. Deliberately no autocompletion, snippets or assistants: the interview bans them.
import { Compartment, EditorState } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  bracketMatching, indentOnInput, syntaxHighlighting, defaultHighlightStyle, indentUnit,
} from "@codemirror/language";
import { search, searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { python } from "@codemirror/lang-python";

const editability = new Compartment();

export function create(parent, doc, { onChange, onCheck, onPaste, onCopy, readOnly = false, language = "python" } = {}) {
  const extensions = [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightActiveLine(),
    drawSelection(),
    history(),
    indentOnInput(),
    indentUnit.of("    "),
    bracketMatching(),
    search({ top: true }),
    highlightSelectionMatches(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    keymap.of([
      { key: "Mod-Enter", run: () => { if (onCheck) onCheck(); return true; } },
      ...defaultKeymap, ...historyKeymap, ...searchKeymap, indentWithTab,
    ]),
    EditorView.updateListener.of((update) => { if (update.docChanged && onChange) onChange(); }),
    // what was pasted, and what was copied or cut inside the editor (hosted mode reports pastes
    // that did not come from the editor itself)
    EditorView.domEventHandlers({
      paste: (event) => { if (onPaste) onPaste(event.clipboardData ? event.clipboardData.getData("text/plain") : ""); return false; },
      copy: (_event, view) => { if (onCopy) onCopy(selected(view)); return false; },
      cut: (_event, view) => { if (onCopy) onCopy(selected(view)); return false; },
    }),
    editability.of(readOnlyExtensions(readOnly)),
  ];
  if (language === "python") extensions.push(python());
  return new EditorView({ parent, state: EditorState.create({ doc, extensions }) });
}

function selected(view) {
  return view.state.selection.ranges.map((range) => view.state.sliceDoc(range.from, range.to)).join("\n");
}

export function text(view) {
  return view.state.doc.toString();
}

export function replace(view, doc) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: doc } });
}

function readOnlyExtensions(readOnly) {
  return [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)];
}

export function setReadOnly(view, readOnly) {
  view.dispatch({ effects: editability.reconfigure(readOnlyExtensions(readOnly)) });
}
