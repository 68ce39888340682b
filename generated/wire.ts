// generated from openapi/ by `npm run generate` — do not edit
// @ts-nocheck -- ajv standalone output; src/validation.ts types its surface.
export const createContacts$path = validate10;const schema11 = {"type":"object","properties":{"companyId":{"$ref":"request#/components/parameters/CompanyId/schema"}},"required":["companyId"]};const schema13 = {"type":"string","minLength":1};const func2 = (function ucs2length(str) {
    const len = str.length;
    let length = 0;
    let pos = 0;
    let value;
    while (pos < len) {
        length++;
        value = str.charCodeAt(pos++);
        if (value >= 0xd800 && value <= 0xdbff && pos < len) {
            // high surrogate, and there is a next character
            value = str.charCodeAt(pos);
            if ((value & 0xfc00) === 0xdc00)
                pos++; // low surrogate
        }
    }
    return length;
});function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){let vErrors = null;let errors = 0;if(data && typeof data == "object" && !Array.isArray(data)){if(data.companyId === undefined){const err0 = {instancePath,keyword:"required",params:{missingProperty: "companyId"}};if(vErrors === null){vErrors = [err0];}else {vErrors.push(err0);}errors++;}if(data.companyId !== undefined){let data0 = data.companyId;if(typeof data0 !== "string"){let dataType0 = typeof data0;let coerced0 = undefined;if(dataType0 == 'object' && Array.isArray(data0) && data0.length == 1){data0 = data0[0];dataType0 = typeof data0;if(typeof data0 === "string"){coerced0 = data0;}}if(!(coerced0 !== undefined)){if(dataType0 == "number" || dataType0 == "boolean"){coerced0 = "" + data0;}else if(data0 === null){coerced0 = "";}else {const err1 = {instancePath:instancePath+"/companyId",keyword:"type",params:{type: "string"}};if(vErrors === null){vErrors = [err1];}else {vErrors.push(err1);}errors++;}}if(coerced0 !== undefined){data0 = coerced0;if(data !== undefined){data["companyId"] = coerced0;}}}if(typeof data0 === "string"){if(func2(data0) < 1){const err2 = {instancePath:instancePath+"/companyId",keyword:"minLength",params:{limit: 1}};if(vErrors === null){vErrors = [err2];}else {vErrors.push(err2);}errors++;}}}}else {const err3 = {instancePath,keyword:"type",params:{type: "object"}};if(vErrors === null){vErrors = [err3];}else {vErrors.push(err3);}errors++;}validate10.errors = vErrors;return errors === 0;}export const createContacts$header = validate12;const schema14 = {"type":"object","properties":{"x-session-token":{"$ref":"request#/components/parameters/SessionToken/schema"}},"required":["x-session-token"]};const schema15 = {"type":"string","minLength":1};function validate12(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){let vErrors = null;let errors = 0;if(data && typeof data == "object" && !Array.isArray(data)){if(data["x-session-token"] === undefined){const err0 = {instancePath,keyword:"required",params:{missingProperty: "x-session-token"}};if(vErrors === null){vErrors = [err0];}else {vErrors.push(err0);}errors++;}if(data["x-session-token"] !== undefined){let data0 = data["x-session-token"];if(typeof data0 !== "string"){let dataType0 = typeof data0;let coerced0 = undefined;if(dataType0 == 'object' && Array.isArray(data0) && data0.length == 1){data0 = data0[0];dataType0 = typeof data0;if(typeof data0 === "string"){coerced0 = data0;}}if(!(coerced0 !== undefined)){if(dataType0 == "number" || dataType0 == "boolean"){coerced0 = "" + data0;}else if(data0 === null){coerced0 = "";}else {const err1 = {instancePath:instancePath+"/x-session-token",keyword:"type",params:{type: "string"}};if(vErrors === null){vErrors = [err1];}else {vErrors.push(err1);}errors++;}}if(coerced0 !== undefined){data0 = coerced0;if(data !== undefined){data["x-session-token"] = coerced0;}}}if(typeof data0 === "string"){if(func2(data0) < 1){const err2 = {instancePath:instancePath+"/x-session-token",keyword:"minLength",params:{limit: 1}};if(vErrors === null){vErrors = [err2];}else {vErrors.push(err2);}errors++;}}}}else {const err3 = {instancePath,keyword:"type",params:{type: "object"}};if(vErrors === null){vErrors = [err3];}else {vErrors.push(err3);}errors++;}validate12.errors = vErrors;return errors === 0;}

/** Each operation's parameter validators, for values as received (strings, coerced). */
export const wireValidators = {
  "createContacts": { path: createContacts$path, header: createContacts$header },
};
