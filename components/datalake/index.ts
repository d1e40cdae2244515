export { DataLake, DATA_LAKE_METRIC_IDS, type DataLakeArgs, type DataLakeMetricId } from "./data-lake";
export { LAKE_LIFECYCLE_DEFAULTS } from "./lake-defaults";
export { areaPrefix, ALL_AREA_PREFIXES, LAKE_SERVICE_PREFIXES, LAKE_ZONES, type LakeZone } from "./zones";
export { InvalidArgError } from "../shared/errors";
