import { useEffect, useId, useRef, type ReactNode } from 'react';

interface ModalProps {
  title: string;
  /** Called on Escape; omitted for a dialog the reviewer must answer (the first-run name). */
  onDismiss?: () => void;
  children: ReactNode;
  /** `wide`: room for a form with many options. */
  size?: 'wide';
}

/** Modals on screen: counted, so a key's handler need not search a long document's DOM for one. */
let openModals = 0;

/** Whether a modal dialog is up (the workspace's shortcuts then stand down). */
export const isModalOpen = (): boolean => openModals > 0;

/**
 * A native modal <dialog>: the browser keeps focus inside it and makes the page behind it inert.
 * The dialog stays open for as long as it is rendered; closing it is the caller's state change.
 */
export function Modal({ title, onDismiss, children, size }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    dialog.querySelector<HTMLElement>('input, button')?.focus();
    openModals++;
    return () => {
      openModals--;
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={size === 'wide' ? 'modal modal-wide' : 'modal'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onDismiss?.();
      }}
      onClose={(event) => {
        // Chromium closes a dialog on a repeated Escape even if cancel was prevented; keep it up.
        const dialog = event.currentTarget;
        if (dialog.isConnected) dialog.showModal();
      }}
    >
      <h2 id={titleId} className="modal-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
