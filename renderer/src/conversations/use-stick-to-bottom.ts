// Keeps a scrolling list pinned to its newest end while the reader is there, and leaves it alone once they
// scroll up to read (then `atBottom` is false and the caller offers "Jump to latest"). Content growth of
// any kind (new items, an image finishing loading) is noticed through a ResizeObserver.
import { useCallback, useEffect, useRef, useState } from 'react';

const NEAR_BOTTOM_PX = 48;

export function useStickToBottom<C extends HTMLElement, I extends HTMLElement>() {
  const containerRef = useRef<C>(null);
  const contentRef = useRef<I>(null);
  const pinned = useRef(true);
  const [atBottom, setAtBottom] = useState(true);

  const scrollToBottom = useCallback((smooth = false) => {
    const container = containerRef.current;
    if (!container) return;
    pinned.current = true;
    setAtBottom(true);
    container.scrollTo({ top: container.scrollHeight, behavior: smooth ? 'smooth' : 'auto' });
  }, []);

  useEffect(() => {
    const container = containerRef.current;
    const content = contentRef.current;
    if (!container || !content) return;
    const onScroll = () => {
      const near = container.scrollHeight - container.scrollTop - container.clientHeight <= NEAR_BOTTOM_PX;
      pinned.current = near;
      setAtBottom(near);
    };
    const observer = new ResizeObserver(() => {
      if (pinned.current) container.scrollTop = container.scrollHeight;
    });
    observer.observe(container);
    observer.observe(content);
    container.addEventListener('scroll', onScroll, { passive: true });
    container.scrollTop = container.scrollHeight;
    return () => {
      observer.disconnect();
      container.removeEventListener('scroll', onScroll);
    };
  }, []);

  return { containerRef, contentRef, atBottom, scrollToBottom };
}
