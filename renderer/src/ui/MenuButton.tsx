// A button that opens a short menu of actions (the conversation header's rarer actions, a split pane's
// tools). The menu closes when an item is chosen, on Escape (focus back on the button) or on a click
// elsewhere. Items are plain buttons with role="menuitem"; arrow keys move between them.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  disabled?: boolean;
  danger?: boolean;
  /** Hidden while presenting (debug views). */
  debugOnly?: boolean;
  /** Hidden while presenting, because the audience must not see it (destructive actions). */
  destructive?: boolean;
}

export function MenuButton(props: { label: string; children: ReactNode; items: MenuItem[]; className?: string; title?: string }) {
  const [open, setOpen] = useState(false);
  const anchor = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!anchor.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    anchor.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not(:disabled)')?.focus();
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const moveFocus = (delta: 1 | -1) => {
    const items = Array.from(anchor.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ?? []).filter((item) => item.offsetParent !== null);
    if (items.length === 0) return;
    const index = items.indexOf(document.activeElement as HTMLButtonElement);
    items[(index + delta + items.length) % items.length]?.focus();
  };

  return (
    <div
      ref={anchor}
      className={`menu-anchor ${props.className ?? ''}`}
      onKeyDown={(event) => {
        if (!open) return;
        if (event.key === 'Escape') {
          event.stopPropagation();
          setOpen(false);
          button.current?.focus();
        } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
          event.preventDefault();
          moveFocus(event.key === 'ArrowDown' ? 1 : -1);
        }
      }}
    >
      <button
        ref={button}
        type="button"
        aria-label={props.label}
        title={props.title ?? props.label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((current) => !current)}
      >
        {props.children}
      </button>
      {open && (
        <div id={id} className="popover" role="menu" aria-label={props.label}>
          {props.items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              className={`popover-item ${item.danger ? 'quiet-danger' : ''} ${item.debugOnly ? 'debug-only' : ''} ${item.destructive ? 'destructive' : ''}`}
              disabled={item.disabled}
              onClick={() => {
                setOpen(false);
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
