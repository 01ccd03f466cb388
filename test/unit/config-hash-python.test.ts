import { describe, expect, it } from 'vitest'
import { canonicalJson, configHash, pyFloat, withFloats } from '../../main/hashing/canonical-json'
import { parseConfigText } from '../../main/hashing/config-text'
import { analysisPlan } from '../../main/services/analyses/analyze-asset'
import { processingPlan } from '../../main/services/processing/process-asset'
import { floatFields } from '../../shared/contract/config-floats'
import { BlackConfig, ScenesConfig } from '../../shared/contract/analyzer-configs'
import { ProxyConfig } from '../../shared/contract/processor-configs'

// Expected hashes made with python3 (3.11) on this machine, for each text:
//   s = json.dumps(json.loads(text), sort_keys=True, separators=(',', ':'))
//   'sha256:' + hashlib.sha256(s.encode()).hexdigest()
// The first ten already hashed the same before issue 18 (JSON.parse and the safe-integer rule): rows
// cached under them must stay findable, so they must not move.
const ALREADY_MATCHING: [string, string][] = [
  ['{"threshold":0.3,"min_shot_duration":0.4}', 'fba306e5af437e41c4549edd3d3e468cbb6e736c4448d1b4ba525f7c15a3503d'],
  [
    '{"analyzer":"scenes","version":1,"threshold":0.3,"minShotDuration":0.4}',
    'c84aa9598e0da91f149eb9e8cb9e5c3294e3acd12d6d995e2cd4e4c97646fcd5',
  ],
  ['{"noise_db":-60,"min_duration":0.5}', '68752e9695734ad9581100285bbc5d9cfe4bc86ab8c1e31448818c8d6651eebd'],
  [
    '{"model":"yolov8n","confidence":0.25,"classes":[0,2,7]}',
    '80946ee8f600dc46f63ffd679b952ca4c2feda0047e44c9ed3c97eb14e70f0fb',
  ],
  ['{"action":"proxy","version":1,"height":540}', '568d2ebe477ce2e6c30c95fcc1b1f5800a2a2416150ba9526aba26f64a93b925'],
  [
    '{"labels":["shot","cut"],"nested":{"b":true,"a":null}}',
    '578e4e8cebd2169991e7c7b336c3b172a24e56809b20725dc84b4158f61f376e',
  ],
  [
    '{"sample_rate":16000,"language":"en","beam_size":5}',
    '179be7b51953d4de42eb3b846c16c16f4ee2a71197441d85282abd2af6f6d073',
  ],
  [
    String.raw`{"title":"Caf\u00e9 \ud83c\udfac","tags":[]}`,
    '0b646746413ee72b447447b56b935791fb2021f95ba403a2a07c822325964842',
  ],
  ['{"start":1.5,"end":4.25,"step":1e-05}', 'cb3c8d00e4a9e51413f4143d249f8e1bd35f8707f56010bf6fda184db104168b'],
  ['{}', '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'],
]
// The three that differed before issue 18 (Framevault wrote 1, 0 and 1.8446744073709552e+19).
const NOW_MATCHING: [string, string][] = [
  ['{"fps":1.0}', 'febede1d756d5ac4a503d219c788d765a3e695927c0c09a24d0edd8ee9cd97a7'],
  ['{"z":-0.0}', '29546c5002ef1837d597b8380b48b48b7d1e1e715fbc3eaffc5606fb835e6a44'],
  ['{"seed":18446744073709551615}', 'caa54095ad4939c120f6f4569b1770df27ce6d6ef818d8766fe6572e2b05f631'],
]

describe('config text hashed as Python hashes json.loads of it', () => {
  it.each(ALREADY_MATCHING)('keeps the hash it had: %s', (text, hex) => {
    expect(configHash(parseConfigText(text))).toBe(`sha256:${hex}`)
    // The old reading (JSON.parse, plain numbers) gives the same hash: nothing cached under it moves.
    expect(configHash(JSON.parse(text))).toBe(`sha256:${hex}`)
  })

  it.each(NOW_MATCHING)('matches Python where plain numbers could not: %s', (text, hex) => {
    expect(configHash(parseConfigText(text))).toBe(`sha256:${hex}`)
    expect(configHash(JSON.parse(text))).not.toBe(`sha256:${hex}`)
  })

  it('keeps floats, big integers and odd keys as Python reads them', () => {
    const text =
      ' { "b" : [ 1 , 1.0 , -0 , -0.0 , 1e2 , -9007199254740993 , 2.5E-7 ] , "__proto__" : { } , "b2" : "\\"}" } '
    expect(canonicalJson(parseConfigText(text))).toBe(
      '{"__proto__":{},"b":[1,1.0,0,-0.0,100.0,-9007199254740993,2.5e-07],"b2":"\\"}"}',
    )
    expect(canonicalJson(parseConfigText('{"a":1,"a":2.0}'))).toBe('{"a":2.0}')
    expect(() => parseConfigText('{"a":1.}')).toThrow(SyntaxError)
  })

  it('prints pyFloat and bigint values as Python prints float and int', () => {
    expect(canonicalJson([pyFloat(1), pyFloat(-0), pyFloat(1e16), pyFloat(0.5), pyFloat(NaN), 2n ** 64n - 1n])).toBe(
      '[1.0,-0.0,1e+16,0.5,NaN,18446744073709551615]',
    )
    expect(withFloats({ a: 1, b: 2, c: 'x' }, ['a', 'c', 'missing'])).toEqual({ a: pyFloat(1), b: 2, c: 'x' })
  })
})

describe('configs built in the app hash as the plugins dataclass would', () => {
  it('reads the float fields from the config schemas', () => {
    expect(floatFields(ScenesConfig)).toEqual(['threshold', 'minShotDuration'])
    expect(floatFields(BlackConfig)).toEqual(['minDuration', 'pictureThreshold', 'pixelThreshold'])
    expect(floatFields(ProxyConfig)).toEqual([])
  })

  // python3: asdict() of a dataclass with `float` fields for the analyzer's numbers, hashed as above.
  it.each([
    [
      'scenes threshold 1',
      () => analysisPlan({ analyzer: 'scenes', config: { threshold: 1 } }),
      '3480d6892fea17dc2bc96f767a18d50a886cfd67b4ae0fbb0b831533114ca2d2',
      // {"analyzer":"scenes","minShotDuration":0.4,"threshold":1.0,"version":1}
    ],
    [
      'black defaults (minDuration 1.0)',
      () => analysisPlan({ analyzer: 'black' }),
      'ff6a78546912e3749a3dbf799fd094d6540b514d86953fbd41723c61e85688eb',
    ],
    [
      'extract_segment from 2 s',
      () => processingPlan({ action: 'extract_segment', config: { start: 2 } }),
      '786c4c71747e622403271f7e28e2b9b9cbdb1baa8d90970a94294783c9168129',
      // {"action":"extract_segment","end":10.0,"start":2.0,"version":1}
    ],
  ])('%s', (_case, plan, hex) => {
    expect(plan().configHash).toBe(`sha256:${hex}`)
  })

  it('keeps the older hash of a config whose floats were whole, so rows cached under it are still found', () => {
    const black = analysisPlan({ analyzer: 'black' })
    // python3: the same dict with minDuration as int 1.
    expect(black.legacyConfigHash).toBe('sha256:87d079fc8f64302d0c30243c0bbce76c411c908c093992f39db2c52ad85a7194')
    const scenes = analysisPlan({ analyzer: 'scenes' })
    expect(scenes.legacyConfigHash).toBe(scenes.configHash)
    expect(scenes.configHash).toBe('sha256:c84aa9598e0da91f149eb9e8cb9e5c3294e3acd12d6d995e2cd4e4c97646fcd5')
  })
})
