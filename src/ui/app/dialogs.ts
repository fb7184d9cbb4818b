/** Opening the UI's modal pickers and questions, and waiting for their answers. */
import type { UiStore } from "../state/store.ts";
import type { Picker, Prompt } from "../state/types.ts";

/** A picker's content; selection, filter and closing are handled here. */
export interface PickerSpec {
  title: string;
  body?: string[];
  items: Picker["items"];
  selected?: number;
  filterable?: boolean;
  /** What Esc does, for the footer (default "go back"). */
  escape?: string;
  onPick: (value: string) => void;
  onCancel?: () => void;
}

/** Shows a picker; it closes itself when an item is picked or Esc is pressed. */
export function openPicker(store: UiStore, spec: PickerSpec): void {
  const close = () => {
    store.state.picker = undefined;
    store.changed(true);
  };
  store.state.picker = {
    title: spec.title,
    body: spec.body,
    items: spec.items,
    selected: spec.selected ?? 0,
    filter: "",
    filterable: spec.filterable ?? false,
    escape: spec.escape ?? "go back",
    onPick: (value) => {
      close();
      spec.onPick(value);
    },
    onCancel: () => {
      close();
      spec.onCancel?.();
    },
  };
  store.changed(true);
}

/** Shows a picker and resolves with the value picked, or undefined on Esc. */
export function ask(store: UiStore, spec: Omit<PickerSpec, "onPick" | "onCancel">) {
  return new Promise<string | undefined>((resolve) =>
    openPicker(store, { ...spec, onPick: resolve, onCancel: () => resolve(undefined) })
  );
}

/** What {@link askText} asks. */
export interface TextSpec {
  title: string;
  body?: string[];
  /** Text already in the field, to edit (a form's current value). */
  value?: string;
  /** The default: shown dimmed in the empty field, taken by Enter on it; typing replaces it. */
  placeholder?: string;
  secret?: boolean;
  /** What Esc does, for the footer (default "go back"). */
  escape?: string;
}

/** Asks for a line of text; resolves with it (the placeholder for none), or undefined on Esc. */
export function askText(store: UiStore, spec: TextSpec): Promise<string | undefined> {
  return new Promise((resolve) => {
    const close = (value: string | undefined) => {
      store.state.prompt = undefined;
      store.changed(true);
      resolve(value);
    };
    const prompt: Prompt = {
      title: spec.title,
      body: spec.body,
      value: spec.value ?? "",
      placeholder: spec.placeholder,
      secret: spec.secret,
      escape: spec.escape ?? "go back",
      onSubmit: (value) => close(value === "" && spec.placeholder ? spec.placeholder : value),
      onCancel: () => close(undefined),
    };
    store.state.prompt = prompt;
    store.changed(true);
  });
}

/** The picker's items after its typed filter. */
export function visibleItems(picker: Picker): Picker["items"] {
  const q = picker.filter.toLowerCase();
  return q ? picker.items.filter((i) => i.label.toLowerCase().includes(q)) : picker.items;
}
