'use client';

import { Fragment, type ReactNode, useEffect, useRef } from 'react';

/**
 * A native modal dialog, open while `openKey` is set. It opens only once its
 * content has rendered, so the browser moves focus to the first field; Escape
 * and the content's `close` both end it, and `onClosed` lets the opener reset.
 * Each opening (a new `openKey`) mounts the content afresh, so no state of an
 * earlier opening carries over.
 */
export function ModalDialog({
  openKey,
  labelledBy,
  widthClass,
  onClosed,
  children,
}: {
  openKey: string | number | null;
  labelledBy: string;
  widthClass: string;
  onClosed: () => void;
  children: (close: () => void) => ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (openKey && !dialog.current?.open) dialog.current?.showModal();
  }, [openKey]);
  return (
    <dialog
      ref={dialog}
      aria-labelledby={labelledBy}
      onClose={onClosed}
      className={`m-auto ${widthClass} rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100`}
    >
      {openKey ? <Fragment key={openKey}>{children(() => dialog.current?.close())}</Fragment> : null}
    </dialog>
  );
}
