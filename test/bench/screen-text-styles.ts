// The styles of the screen-text bench's labelled set (screen-text-corpus.ts makes a clip of each): the ten the
// text stage was tuned on (issue 36) and twenty-three more in the classes issue 62 names. HELD-OUT styles were
// chosen before any reading of the new set and are never tuned on; the bench reports them apart.

export type Footage = 'chair' | 'doorknob' | 'pattern' | 'chair19'
export type FrameSize = '1920x1080' | '1280x720' | '960x540' | '854x480' | '1080x1920'

/** How a style's lines show: still (3 lines one after another), fading in and out, scrolling up, or a ticker. */
export type Motion = 'still' | 'fade' | 'credits' | 'ticker'

export interface Style {
  name: string
  size: FrameSize
  background: { color: string } | { footage: Footage }
  /** drawtext's options other than text, timing, position when moving, and font file. */
  draw: string
  font: string
  lines: [string, string, string]
  motion?: Motion
  /** The text layer turned this many degrees clockwise (the picture behind it stays). */
  degrees?: number
  /** x264's constant rate factor (20 unless set: 38 is a heavily compressed upload). */
  crf?: number
  heldOut?: true
}

const SANS = 'LiberationSans-Regular.ttf'
const SANS_BOLD = 'LiberationSans-Bold.ttf'
const SERIF_BOLD = 'LiberationSerif-Bold.ttf'
const SERIF_ITALIC = 'LiberationSerif-Italic.ttf'
const MONO = 'LiberationMono-Regular.ttf'
const YELLOW_BOX = 'fontcolor=yellow:box=1:boxcolor=black@0.75:boxborderw=10'

const TUNED_TEN: Style[] = [
  {
    name: 'title card',
    size: '1920x1080',
    background: { color: 'white' },
    font: SANS_BOLD,
    draw: 'fontsize=96:fontcolor=black:x=(w-tw)/2:y=(h-th)/2',
    lines: ['ACME', 'Harvest Festival', 'Orbit Labs'],
  },
  {
    name: 'outlined lower third',
    size: '1920x1080',
    background: { footage: 'doorknob' },
    font: SANS_BOLD,
    draw: 'fontsize=56:fontcolor=white:borderw=3:bordercolor=black:x=120:y=h-220',
    lines: ['Maria Delgado', 'Quarry Manager', 'Jonas Whitfield'],
  },
  {
    name: 'yellow boxed subtitle',
    size: '1920x1080',
    background: { footage: 'chair' },
    font: SANS,
    draw: `fontsize=38:${YELLOW_BOX}:x=(w-tw)/2:y=h-140`,
    lines: ['the lantern was lit', 'across green meadows', 'silver rivers'],
  },
  {
    name: 'unboxed subtitle',
    size: '1920x1080',
    background: { footage: 'chair19' },
    font: SANS,
    draw: 'fontsize=42:fontcolor=white:shadowx=2:shadowy=2:shadowcolor=black:x=(w-tw)/2:y=h-150',
    lines: ['thunder rolled in', 'cobalt skies', 'quiet whisper'],
  },
  {
    name: 'light on dark',
    size: '1920x1080',
    background: { color: '0x1c1c2a' },
    font: SANS,
    draw: 'fontsize=64:fontcolor=0xd8d8d8:x=(w-tw)/2:y=(h-th)/2',
    lines: ['Meridian', 'Falcon Ridge', 'Glacier Bay'],
  },
  {
    name: 'dark on light serif',
    size: '1920x1080',
    background: { color: '0xf1ead8' },
    font: SERIF_BOLD,
    draw: 'fontsize=64:fontcolor=0x1a2a4a:x=(w-tw)/2:y=(h-th)/2',
    lines: ['Summit Report', 'Anchor', 'Velvet Season'],
  },
  {
    name: 'italic serif over footage',
    size: '1920x1080',
    background: { footage: 'doorknob' },
    font: SERIF_ITALIC,
    draw: 'fontsize=80:fontcolor=0x202020:x=(w-tw)/2:y=140',
    lines: ['Elegy', 'Borealis', 'Tapestry'],
  },
  {
    name: 'small text on busy footage',
    size: '1920x1080',
    background: { footage: 'pattern' },
    font: SANS,
    draw: 'fontsize=28:fontcolor=white:shadowx=2:shadowy=2:shadowcolor=black:x=80:y=80',
    lines: ['harbor lights', 'pebble beach', 'juniper lane'],
  },
  {
    name: 'bold title on busy footage',
    size: '1920x1080',
    background: { footage: 'pattern' },
    font: SANS_BOLD,
    draw: 'fontsize=52:fontcolor=white:borderw=2:bordercolor=black:x=(w-tw)/2:y=(h-th)/2',
    lines: ['Nebula', 'Crimson Tide', 'Voyage'],
  },
  {
    name: 'small mono on light',
    size: '1920x1080',
    background: { color: '0xeeeeee' },
    font: MONO,
    draw: 'fontsize=26:fontcolor=0x333333:x=60:y=h-80',
    lines: ['invoice 2049', 'kernel panic', 'station seven'],
  },
]

const NEW_STYLES: Style[] = [
  {
    name: 'title turned 8 degrees',
    size: '1920x1080',
    background: { footage: 'doorknob' },
    font: SANS_BOLD,
    draw: 'fontsize=72:fontcolor=white:borderw=3:bordercolor=black:x=(w-tw)/2:y=(h-th)/2',
    lines: ['Northern Lights', 'Copper Canyon', 'Silent Harbor'],
    degrees: 8,
  },
  {
    name: 'caption turned back 12 degrees',
    size: '1280x720',
    background: { footage: 'chair' },
    font: SANS_BOLD,
    draw: 'fontsize=48:fontcolor=white:borderw=2:bordercolor=black:x=(w-tw)/2:y=h-200',
    lines: ['fresh bread daily', 'open until late', 'corner bakery'],
    degrees: -12,
    heldOut: true,
  },
  {
    name: 'accented names outlined',
    size: '1920x1080',
    background: { footage: 'doorknob' },
    font: SANS_BOLD,
    draw: 'fontsize=64:fontcolor=white:borderw=3:bordercolor=black:x=160:y=h-240',
    lines: ['Zürich Straße', 'Ñandú Señora', 'Crème Brûlée'],
  },
  {
    name: 'accented boxed subtitle',
    size: '1280x720',
    background: { footage: 'chair' },
    font: SANS,
    draw: `fontsize=36:${YELLOW_BOX}:x=(w-tw)/2:y=h-110`,
    lines: ['São Paulo at noon', 'Málaga y Córdoba', 'Genève Öresund'],
    heldOut: true,
  },
  {
    name: 'numbers in a box over busy footage',
    size: '1920x1080',
    background: { footage: 'pattern' },
    font: SANS_BOLD,
    draw: 'fontsize=48:fontcolor=white:box=1:boxcolor=black@0.5:boxborderw=12:x=140:y=h-200',
    lines: ['only $19.99 today', 'version v2.5 ships', 'doors open 08:45'],
  },
  {
    name: 'mixed-case title over bright footage',
    size: '1920x1080',
    background: { footage: 'doorknob' },
    font: SANS_BOLD,
    draw: 'fontsize=70:fontcolor=0x2a2a2a:shadowx=3:shadowy=3:shadowcolor=white@0.6:x=(w-tw)/2:y=180',
    lines: ['The Quiet Hour', 'Blue Hour Rising', 'Night Train Home'],
  },
  {
    name: 'compressed 480p subtitle',
    size: '854x480',
    background: { footage: 'chair' },
    font: SANS,
    draw: 'fontsize=30:fontcolor=white:shadowx=2:shadowy=2:shadowcolor=black:x=(w-tw)/2:y=h-70',
    lines: ['river stones', 'morning fog rolls', 'paper boats'],
    crf: 38,
  },
  {
    name: 'vertical caption',
    size: '1080x1920',
    background: { footage: 'chair' },
    font: SANS_BOLD,
    draw: 'fontsize=64:fontcolor=white:borderw=4:bordercolor=black:x=(w-tw)/2:y=h*0.62',
    lines: ['wait for it', 'best day ever', 'link in bio'],
    heldOut: true,
  },
  {
    name: 'fading title',
    size: '1920x1080',
    background: { footage: 'doorknob' },
    font: SERIF_BOLD,
    draw: 'fontsize=84:fontcolor=0x1a1a1a:x=(w-tw)/2:y=(h-th)/2',
    lines: ['Emberfall', 'Quiet Meadow', 'Lantern Bay'],
    motion: 'fade',
  },
  {
    name: 'scrolling credits',
    size: '1920x1080',
    background: { color: '0x101010' },
    font: SANS,
    draw: 'fontsize=48:fontcolor=white:x=(w-tw)/2',
    lines: ['Directed by Ada Moreno', 'Camera Tobias Lindqvist', 'Music by Priya Raman'],
    motion: 'credits',
  },
  {
    name: 'news ticker',
    size: '1920x1080',
    background: { footage: 'chair' },
    font: SANS_BOLD,
    draw: 'fontsize=44:fontcolor=white:box=1:boxcolor=0x8a1010@0.9:boxborderw=8:y=h-90',
    lines: ['Markets rally as', 'harbor reopens after', 'storm damage repaired'],
    motion: 'ticker',
    heldOut: true,
  },
  {
    name: 'low contrast',
    size: '1920x1080',
    background: { color: '0x7a7a7a' },
    font: SANS_BOLD,
    draw: 'fontsize=64:fontcolor=0x9c9c9c:x=(w-tw)/2:y=(h-th)/2',
    lines: ['Faint Signal', 'Grey Morning', 'Overcast'],
  },
  {
    name: 'soft shadow',
    size: '1920x1080',
    background: { footage: 'doorknob' },
    font: SANS_BOLD,
    draw: 'fontsize=60:fontcolor=white:shadowx=4:shadowy=4:shadowcolor=black@0.35:x=200:y=h-260',
    lines: ['Gentle Tide', 'Sunday Market', 'Willow Creek'],
    heldOut: true,
  },
  {
    name: '540p boxed yellow subtitle',
    size: '960x540',
    background: { footage: 'chair' },
    font: SANS,
    draw: `fontsize=38:${YELLOW_BOX}:x=(w-tw)/2:y=h-80`,
    lines: ['we made it home', 'the kettle sang', 'bright windows'],
  },
  {
    name: '720p blue lower third',
    size: '1280x720',
    background: { footage: 'pattern' },
    font: SANS_BOLD,
    draw: 'fontsize=40:fontcolor=white:box=1:boxcolor=0x1f3a93@0.85:boxborderw=14:x=60:y=h-150',
    lines: ['Elena Petrova', 'Field Reporter', 'Marcus Obi'],
    heldOut: true,
  },
  {
    name: '720p serif title card',
    size: '1280x720',
    background: { color: 'white' },
    font: SERIF_BOLD,
    draw: 'fontsize=72:fontcolor=0x202020:x=(w-tw)/2:y=(h-th)/2',
    lines: ['Chapter One', 'The Orchard', 'Afterword'],
  },
  {
    name: 'vertical boxed subtitle',
    size: '1080x1920',
    background: { footage: 'doorknob' },
    font: SANS,
    draw: 'fontsize=44:fontcolor=white:box=1:boxcolor=black@0.7:boxborderw=12:x=(w-tw)/2:y=h-420',
    lines: ['tap to follow', 'part two tomorrow', 'thanks for watching'],
    heldOut: true,
  },
  {
    name: 'small caption 720p',
    size: '1280x720',
    background: { footage: 'chair' },
    font: SANS,
    draw: 'fontsize=24:fontcolor=white:shadowx=1:shadowy=1:shadowcolor=black:x=40:y=40',
    lines: ['recorded live', 'studio session', 'take three'],
  },
  {
    name: '480p bold title',
    size: '854x480',
    background: { footage: 'doorknob' },
    font: SANS_BOLD,
    draw: 'fontsize=48:fontcolor=black:x=(w-tw)/2:y=60',
    lines: ['Granite', 'Hollow Pines', 'Stormwatch'],
    heldOut: true,
  },
  {
    name: 'mono timecode over footage',
    size: '1920x1080',
    background: { footage: 'chair' },
    font: MONO,
    draw: 'fontsize=36:fontcolor=yellow:shadowx=2:shadowy=2:shadowcolor=black:x=w-tw-80:y=60',
    lines: ['REC 00:14:59', 'CAM 12.5 fps', 'take 0042'],
    heldOut: true,
  },
  {
    name: 'accented title card',
    size: '1280x720',
    background: { color: '0x222222' },
    font: SANS_BOLD,
    draw: 'fontsize=64:fontcolor=white:x=(w-tw)/2:y=(h-th)/2',
    lines: ['Café Olé', 'Ñoño Güell', 'Fußball Ärger'],
    heldOut: true,
  },
  {
    name: '540p outlined title',
    size: '960x540',
    background: { footage: 'pattern' },
    font: SANS_BOLD,
    draw: 'fontsize=44:fontcolor=white:borderw=3:bordercolor=black:x=(w-tw)/2:y=(h-th)/2',
    lines: ['Kestrel Point', 'Amber Fields', 'Ironwood'],
    heldOut: true,
  },
  {
    name: 'vertical title turned 6 degrees',
    size: '1080x1920',
    background: { footage: 'pattern' },
    font: SERIF_ITALIC,
    draw: 'fontsize=72:fontcolor=white:borderw=3:bordercolor=black:x=(w-tw)/2:y=h*0.3',
    lines: ['Midnight', 'Slow Dance', 'Encore'],
    degrees: 6,
  },
]

/** Every style of the set, the ten tuned ones first. */
export const STYLES: Style[] = [...TUNED_TEN, ...NEW_STYLES]
