import { describe, expect, it } from 'vitest'
import { primaryVideoStream, toMediaMetadata, type FfprobeOutput } from '../../main/media/media-metadata'

/** ffprobe 6 on a portrait phone recording: stored landscape, turned by a display matrix. */
const phoneVideo: FfprobeOutput = {
  streams: [
    {
      index: 0,
      codec_name: 'hevc',
      profile: 'Main',
      codec_type: 'video',
      width: 1920,
      height: 1080,
      pix_fmt: 'yuv420p10le',
      color_range: 'tv',
      color_space: 'bt2020nc',
      color_transfer: 'arib-std-b67',
      color_primaries: 'bt2020',
      nb_frames: '362',
      r_frame_rate: '30/1',
      avg_frame_rate: '10860000/362023',
      duration: '12.067000',
      bit_rate: '7862410',
      disposition: { attached_pic: 0 },
      tags: { creation_time: '2024-05-01T10:00:00.000000Z', handler_name: 'Core Media Video' },
      side_data_list: [
        { side_data_type: 'Display Matrix', rotation: -90 },
        { side_data_type: 'Ambient viewing environment' },
      ],
    },
    {
      index: 1,
      codec_name: 'aac',
      profile: 'LC',
      codec_type: 'audio',
      sample_rate: '44100',
      channels: 2,
      channel_layout: 'stereo',
      avg_frame_rate: '0/0',
      r_frame_rate: '0/0',
      bit_rate: '159948',
      disposition: { attached_pic: 0, default: 1 },
      tags: { handler_name: 'Core Media Audio', language: 'und' },
    },
    { index: 2, codec_type: 'data', tags: { handler_name: 'Core Media Metadata' } },
  ],
  format: {
    format_name: 'mov,mp4,m4a,3gp,3g2,mj2',
    duration: '12.067000',
    bit_rate: '8045678',
    tags: { major_brand: 'qt  ', creation_time: '2024-05-01T09:59:48.000000Z', 'com.apple.quicktime.make': 'Apple' },
  },
}

describe('toMediaMetadata', () => {
  it('reads a phone video, swapping the size for a display matrix of -90°', () => {
    expect(toMediaMetadata(phoneVideo, 'video')).toEqual({
      durationSeconds: 12.067,
      width: 1080,
      height: 1920,
      rotation: 90,
      resolution: '1080x1920',
      aspectRatio: '9:16',
      aspectRatioNearest: null,
      videoCodec: 'hevc',
      videoCodecName: 'HEVC (H.265)',
      videoProfile: 'Main',
      pixelFormat: 'yuv420p10le',
      bitDepth: 10,
      chromaSubsampling: '4:2:0',
      colorModel: 'YUV',
      alpha: false,
      colorRange: 'tv',
      colorSpace: 'bt2020nc',
      colorTransfer: 'arib-std-b67',
      colorPrimaries: 'bt2020',
      fps: 29.998,
      bitrate: 8045678,
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      containerName: 'QuickTime (MOV)',
      audioCodec: 'aac',
      audioCodecName: 'AAC',
      audioChannels: 2,
      audioSampleRate: 44100,
      audioTracks: [
        {
          index: 1,
          codec: 'aac',
          codecName: 'AAC',
          profile: 'LC',
          channels: 2,
          channelLayout: 'stereo',
          sampleRate: 44100,
          bitrate: 159948,
          language: null,
          title: null,
          default: true,
        },
      ],
      animated: false,
      frameCount: 362,
      title: null,
      comment: null,
      creationTime: '2024-05-01T09:59:48.000000Z',
      tags: {
        format: phoneVideo.format?.tags,
        streams: [
          {
            index: 0,
            codecType: 'video',
            tags: { creation_time: '2024-05-01T10:00:00.000000Z', handler_name: 'Core Media Video' },
          },
          { index: 1, codecType: 'audio', tags: { handler_name: 'Core Media Audio', language: 'und' } },
          { index: 2, codecType: 'data', tags: { handler_name: 'Core Media Metadata' } },
        ],
      },
    })
  })

  it.each([
    [90, 270, '1080x1920'],
    [-180, 180, '1920x1080'],
    [180, 180, '1920x1080'],
    [-270, 270, '1080x1920'],
  ])('turns a display matrix of %i° into a clockwise rotation of %i (%s)', (matrix, rotation, resolution) => {
    const [stream] = phoneVideo.streams ?? []
    const probe = {
      ...phoneVideo,
      streams: [{ ...stream, side_data_list: [{ side_data_type: 'Display Matrix', rotation: matrix }] }],
    }
    expect(toMediaMetadata(probe, 'video')).toMatchObject({ rotation, resolution })
  })

  it("gives a video without a container or picture bitrate none, not its sound track's; an audio file its sound's", () => {
    const [picture] = phoneVideo.streams ?? []
    const sound = { index: 1, codec_type: 'audio', codec_name: 'aac', bit_rate: '128000' }
    const video = { streams: [{ ...picture, bit_rate: undefined }, sound], format: { format_name: 'matroska,webm' } }
    expect(toMediaMetadata(video, 'video').bitrate).toBeNull()
    expect(toMediaMetadata({ streams: [sound], format: { format_name: 'mp3' } }, 'audio').bitrate).toBe(128000)
  })

  it('falls back to the legacy rotate tag older ffprobe builds print', () => {
    const [stream] = phoneVideo.streams ?? []
    const probe = { streams: [{ ...stream, side_data_list: undefined, tags: { rotate: '270' } }] }
    expect(toMediaMetadata(probe, 'video')).toMatchObject({ rotation: 270, width: 1080, height: 1920 })
  })

  it('has rotation 0 and the stored size when nothing rotates', () => {
    const [stream] = phoneVideo.streams ?? []
    const probe = { streams: [{ ...stream, side_data_list: [{ side_data_type: 'Ambient viewing environment' }] }] }
    expect(toMediaMetadata(probe, 'video')).toMatchObject({ rotation: 0, resolution: '1920x1080', aspectRatio: '16:9' })
  })

  it('ignores cover art and reads the real video stream after it', () => {
    const probe: FfprobeOutput = {
      streams: [
        {
          index: 0,
          codec_type: 'video',
          codec_name: 'mjpeg',
          width: 600,
          height: 600,
          disposition: { attached_pic: 1 },
        },
        {
          index: 1,
          codec_type: 'video',
          codec_name: 'h264',
          profile: 'High',
          width: 1366,
          height: 768,
          avg_frame_rate: '25/1',
          disposition: { attached_pic: 0 },
        },
      ],
      format: { format_name: 'matroska,webm', duration: '61.5', bit_rate: '900000' },
    }
    expect(primaryVideoStream(probe)?.index).toBe(1)
    expect(toMediaMetadata(probe, 'video')).toMatchObject({
      videoCodec: 'h264',
      resolution: '1366x768',
      aspectRatio: '683:384',
      aspectRatioNearest: '16:9',
      fps: 25,
      audioCodec: null,
      creationTime: null,
    })
  })

  it('has no video facts for audio with cover art only', () => {
    const probe: FfprobeOutput = {
      streams: [
        { index: 0, codec_type: 'audio', codec_name: 'mp3', sample_rate: '44100', channels: 2 },
        { index: 1, codec_type: 'video', codec_name: 'png', width: 500, height: 500, disposition: { attached_pic: 1 } },
      ],
      format: { format_name: 'mp3', duration: '200.1' },
    }
    expect(primaryVideoStream(probe)).toBeUndefined()
    expect(toMediaMetadata(probe, 'video')).toMatchObject({
      width: null,
      resolution: null,
      videoCodec: null,
      fps: null,
    })
  })

  it("drops the duration, fps and bitrate ffprobe's image demuxer makes up for a still picture", () => {
    const probe: FfprobeOutput = {
      streams: [
        {
          index: 0,
          codec_name: 'mjpeg',
          profile: 'Baseline',
          codec_type: 'video',
          width: 800,
          height: 600,
          r_frame_rate: '25/1',
          avg_frame_rate: '25/1',
          duration: '0.040000',
          bit_rate: '5574200',
          disposition: { attached_pic: 0 },
        },
      ],
      format: { format_name: 'image2', duration: '0.040000', bit_rate: '5574200' },
    }
    expect(toMediaMetadata(probe, 'image')).toMatchObject({
      durationSeconds: null,
      fps: null,
      bitrate: null,
      resolution: '800x600',
      aspectRatio: '4:3',
      videoCodec: 'mjpeg',
      container: 'image2',
      tags: { format: {}, streams: [{ index: 0, codecType: 'video', tags: {} }] },
    })
  })

  it.each([
    ['0/0', '30000/1001', 29.97],
    ['0/0', '0/0', null],
    [undefined, '24/1', 24],
    ['2997/125', '24/1', 23.976],
  ])('takes fps from avg_frame_rate %s, else r_frame_rate %s', (avg, r, fps) => {
    const probe: FfprobeOutput = { streams: [{ index: 0, codec_type: 'video', avg_frame_rate: avg, r_frame_rate: r }] }
    expect(toMediaMetadata(probe, 'video').fps).toBe(fps)
  })

  it('takes duration and bitrate from the video stream when the container has none', () => {
    const probe: FfprobeOutput = {
      streams: [{ index: 0, codec_type: 'video', duration: '3.5', bit_rate: '250000.4', width: 2, height: 2 }],
      format: { format_name: 'mpegts', duration: 'N/A', bit_rate: 'N/A' },
    }
    expect(toMediaMetadata(probe, 'video')).toMatchObject({ durationSeconds: 3.5, bitrate: 250000 })
  })

  it('keeps every audio track with its language and title, whatever the tags’ case', () => {
    const probe: FfprobeOutput = {
      streams: [
        { index: 0, codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080 },
        {
          index: 1,
          codec_type: 'audio',
          codec_name: 'eac3',
          channels: 6,
          channel_layout: '5.1(side)',
          sample_rate: '48000',
          tags: { language: 'eng', title: 'Director' },
        },
        {
          index: 2,
          codec_type: 'audio',
          codec_name: 'pcm_s24le',
          channels: 2,
          sample_rate: '96000',
          tags: { LANGUAGE: 'fra', TITLE: ' Français ' },
        },
        { index: 3, codec_type: 'subtitle', codec_name: 'subrip', tags: { language: 'deu' } },
      ],
      format: { format_name: 'matroska,webm', tags: { TITLE: 'The cut', COMMENT: 'Final mix' } },
    }
    const metadata = toMediaMetadata(probe, 'video', 'film.MKV')
    expect(
      metadata.audioTracks.map(({ index, codecName, channels, channelLayout, sampleRate, language, title }) => ({
        index,
        codecName,
        channels,
        channelLayout,
        sampleRate,
        language,
        title,
      })),
    ).toEqual([
      {
        index: 1,
        codecName: 'Dolby Digital Plus (E-AC-3)',
        channels: 6,
        channelLayout: '5.1(side)',
        sampleRate: 48000,
        language: 'eng',
        title: 'Director',
      },
      {
        index: 2,
        codecName: 'PCM 24-bit',
        channels: 2,
        channelLayout: null,
        sampleRate: 96000,
        language: 'fra',
        title: 'Français',
      },
    ])
    // The first track still fills the flat keys earlier rows (and the has-audio filter) read.
    expect(metadata).toMatchObject({
      audioCodec: 'eac3',
      audioChannels: 6,
      audioSampleRate: 48000,
      title: 'The cut',
      comment: 'Final mix',
      containerName: 'Matroska (MKV)',
    })
  })

  it('tells WebM from Matroska by the file name, which ffprobe cannot', () => {
    const probe: FfprobeOutput = {
      streams: [{ index: 0, codec_type: 'video', codec_name: 'vp9' }],
      format: { format_name: 'matroska,webm' },
    }
    expect(toMediaMetadata(probe, 'video', 'clip.webm').containerName).toBe('WebM')
    expect(toMediaMetadata(probe, 'video', 'clip.mkv').containerName).toBe('Matroska (MKV)')
    expect(toMediaMetadata(probe, 'video').containerName).toBe('Matroska (MKV)')
  })

  it('reads an animated GIF as a moving image with its frames and length', () => {
    const gif = (frames: string): FfprobeOutput => ({
      streams: [
        {
          index: 0,
          codec_type: 'video',
          codec_name: 'gif',
          width: 160,
          height: 120,
          pix_fmt: 'bgra',
          avg_frame_rate: '10/1',
          duration: '1.000000',
          nb_frames: frames,
        },
      ],
      format: { format_name: 'gif', duration: '1.000000', bit_rate: '153056' },
    })
    expect(toMediaMetadata(gif('10'), 'image')).toMatchObject({
      animated: true,
      frameCount: 10,
      durationSeconds: 1,
      fps: 10,
      videoCodecName: 'GIF',
      containerName: 'GIF',
    })
    expect(toMediaMetadata(gif('1'), 'image')).toMatchObject({
      animated: false,
      frameCount: null,
      durationSeconds: null,
      fps: null,
    })
  })

  it('names a still JPEG "JPEG" and a Motion JPEG video "Motion JPEG", keeping the raw codec', () => {
    const probe: FfprobeOutput = {
      streams: [{ index: 0, codec_type: 'video', codec_name: 'mjpeg', pix_fmt: 'yuvj422p' }],
      format: { format_name: 'image2' },
    }
    expect(toMediaMetadata(probe, 'image')).toMatchObject({
      videoCodec: 'mjpeg',
      videoCodecName: 'JPEG',
      containerName: 'JPEG',
      chromaSubsampling: '4:2:2',
      bitDepth: 8,
    })
    expect(toMediaMetadata({ ...probe, format: { format_name: 'avi' } }, 'video')).toMatchObject({
      videoCodecName: 'Motion JPEG',
      containerName: 'AVI',
    })
  })
})
