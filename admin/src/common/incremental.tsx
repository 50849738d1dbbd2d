import { useEffect, useRef, useState } from 'react';

/**
 * A long list rendered as far as it is seen: the first `step` items, then `step` more each time the end of what is
 * rendered comes within a screen of the viewport (an IntersectionObserver on a marker after the last item). The
 * items' order and keys do not change, so nothing already shown renders again.
 *
 *   const { shown, marker } = useIncremental(entries, 20);
 *   return <>{shown.map(…)}{marker}</>;
 */
export function useIncremental<T>(items: T[], step = 20) {
  const [count, setCount] = useState(step);
  const ref = useRef<HTMLDivElement>(null);
  const more = items.length > count;
  useEffect(() => {
    const el = ref.current;
    if (!more || !el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setCount((c) => c + step);
    }, { rootMargin: '100% 0px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [more, step, count]);
  return {
    shown: more ? items.slice(0, count) : items,
    marker: more ? <div ref={ref} data-testid="list-more" aria-hidden style={{ height: 1 }} /> : null,
  };
}
