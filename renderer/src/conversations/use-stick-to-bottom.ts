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

  const scrollToBottom = useCallback(() => {
    const container = containerRef.current;
    if (!container) return;
    pinned.current = true;
    setAtBottom(true);
    container.scrollTop = container.scrollHeight;
  }, []);

  useEffect(() => {
    const container = containerRef.current;
    const content = contentRef.current;
    if (!container || !content) return;
    let lastTop = container.scrollTop;
    const pin = () => {
      container.scrollTop = container.scrollHeight;
      lastTop = container.scrollTop;
    };
    // Only the reader moving up unpins: a scroll event caused by content growing under a pinned view
    // (which can arrive before the ResizeObserver hears of the growth) re-pins instead.
    const onScroll = () => {
      const top = container.scrollTop;
      const near = container.scrollHeight - top - container.clientHeight <= NEAR_BOTTOM_PX;
      if (near) pinned.current = true;
      else if (top < lastTop) pinned.current = false;
      else if (pinned.current) pin();
      lastTop = container.scrollTop;
      setAtBottom(pinned.current);
    };
    const observer = new ResizeObserver(() => {
      if (pinned.current) pin();
    });
    observer.observe(container);
    observer.observe(content);
    container.addEventListener('scroll', onScroll, { passive: true });
    pin();
    return () => {
      observer.disconnect();
      container.removeEventListener('scroll', onScroll);
    };
  }, []);

  return { containerRef, contentRef, atBottom, scrollToBottom };
}
