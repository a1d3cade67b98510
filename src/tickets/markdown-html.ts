function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Just enough Markdown for ward's ticket bodies: fenced blocks, bold, inline code, paragraphs. */
export function markdownToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((block) => {
      const fenced = /^```\n?([\s\S]*?)\n?```$/.exec(block.trim());
      if (fenced) return `<pre>${escape(fenced[1] ?? '')}</pre>`;
      const html = escape(block)
        .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
        .replace(/`([^`]+)`/g, '<code>$1</code>')
        .replace(/\n/g, '<br>');
      return `<p>${html}</p>`;
    })
    .join('\n');
}
