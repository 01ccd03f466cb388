/**
 * JSON text laid out two spaces a level, each token as it was written: integers past 2^53 keep their
 * digits and Python's bare NaN stays, where a parse and JSON.stringify would round or refuse them.
 * Text that is not JSON comes back laid out as far as its brackets go, never refused.
 */
export function indentJsonText(text: string): string {
  let out = ''
  let depth = 0
  const newline = () => `\n${'  '.repeat(depth)}`
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '"') {
      let end = i + 1
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1
      out += text.slice(i, end + 1)
      i = end
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']'
      let next = i + 1
      while (next < text.length && ' \t\n\r'.includes(text[next]!)) next++
      // An empty object or list stays on its line.
      if (text[next] === close) {
        out += c + close
        i = next
      } else {
        depth++
        out += c + newline()
      }
    } else if (c === '}' || c === ']') {
      depth = Math.max(0, depth - 1)
      out += newline() + c
    } else if (c === ',') out += `,${newline()}`
    else if (c === ':') out += ': '
    else if (!' \t\n\r'.includes(c)) out += c
  }
  return out
}
