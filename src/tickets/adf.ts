/**
 * Atlassian Document Format (ADF), the structured documents Jira Cloud's REST API v3 takes for
 * descriptions and comments: just the nodes ward writes (paragraphs, text, strong, hard breaks).
 */
export interface AdfText {
  type: 'text';
  text: string;
  marks?: { type: 'strong' }[];
}
export interface AdfHardBreak {
  type: 'hardBreak';
}
export interface AdfParagraph {
  type: 'paragraph';
  content: (AdfText | AdfHardBreak)[];
}
export interface AdfDocument {
  type: 'doc';
  version: 1;
  content: AdfParagraph[];
}

/** Text with its line breaks as hardBreak nodes; ADF refuses empty text nodes. */
function inline(text: string, strong = false): (AdfText | AdfHardBreak)[] {
  return text.split('\n').flatMap((line, i) => {
    const nodes: (AdfText | AdfHardBreak)[] = i > 0 ? [{ type: 'hardBreak' }] : [];
    if (line !== '')
      nodes.push(
        strong
          ? { type: 'text', text: line, marks: [{ type: 'strong' }] }
          : { type: 'text', text: line },
      );
    return nodes;
  });
}

function paragraph(content: (AdfText | AdfHardBreak)[]): AdfParagraph[] {
  return content.some((node) => node.type === 'text') ? [{ type: 'paragraph', content }] : [];
}

/** A ticket body from its `Label: text` paragraphs, the label in bold. */
export function adfFromSections(paragraphs: readonly string[]): AdfDocument {
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.flatMap((text) => {
      const colon = text.indexOf(': ');
      if (colon <= 0) return paragraph(inline(text));
      return paragraph([
        ...inline(`${text.slice(0, colon)}:`, true),
        ...inline(` ${text.slice(colon + 2)}`),
      ]);
    }),
  };
}

/** A comment: one paragraph per non-empty line. */
export function adfFromText(text: string): AdfDocument {
  return {
    type: 'doc',
    version: 1,
    content: text.split('\n').flatMap((line) => paragraph(inline(line))),
  };
}
