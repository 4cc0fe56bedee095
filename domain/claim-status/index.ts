// Public surface of claim status (X12 276/277, 005010X212).
export * from './model';
export { writeStatusInquiry, STATUS_INQUIRY_VERSION } from './write-276';
export { validate276 } from './validate-276';
export { read277 } from './read-277';
export { CATEGORY_CODES, categoryOf } from './category-codes';
export { STATUS_CODES, statusMeaning } from './status-codes';
export { STATUS_FINDING_SEVERITY, type StatusFindingCode } from './findings';
